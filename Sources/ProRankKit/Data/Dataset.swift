// A retrieval collection in memory: documents, queries and graded judgements per split (the BEIR layout).

/// A document of a collection. BM25 and the reranker read `content` (title, a space, text — the BEIR
/// convention, stripped).
public struct Document: Sendable, Equatable {
    public let id: String
    public let title: String
    public let text: String

    public init(id: String, title: String = "", text: String) {
        self.id = id
        self.title = title
        self.text = text
    }

    /// `title + " " + text`, without leading/trailing whitespace.
    public var content: String {
        (title.isEmpty ? text : title + " " + text).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A query (topic).
public struct Query: Sendable, Equatable {
    public let id: String
    public let text: String

    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }
}

/// A collection: corpus, queries, and judgements per split (`"train"`, `"test"`, …).
public struct Dataset: Sendable {
    public let name: String
    /// Documents in file order.
    public let corpus: [Document]
    /// Every query of the collection, in file order (splits select from these through their judgements).
    public let allQueries: [Query]
    public let qrels: [String: Qrels]

    public init(name: String, corpus: [Document], queries: [Query], qrels: [String: Qrels]) {
        self.name = name
        self.corpus = corpus
        self.allQueries = queries
        self.qrels = qrels
    }

    public var splits: [String] { qrels.keys.sorted() }

    /// The queries judged in `split`, in file order.
    public func queries(_ split: String) throws -> [Query] {
        let judged = try judgements(split)
        return allQueries.filter { judged.judgments[$0.id] != nil }
    }

    /// The judgements of `split`, or an error listing the splits there are.
    public func judgements(_ split: String) throws -> Qrels {
        guard let q = qrels[split] else {
            throw DataError.invalidValue("\(name): no split \"\(split)\" (splits: \(splits.joined(separator: ", ")))")
        }
        return q
    }
}

import Foundation
