// Relevance judgements (qrels): TREC `qid 0 docid grade` files and BEIR `qrels/<split>.tsv` files.

import Foundation

/// Graded judgements: query id → document id → grade (≥ 1 is relevant; 0 is judged not relevant; documents
/// not listed are unjudged).
public struct Qrels: Sendable, Equatable {
    public var judgments: [String: [String: Int]]

    public init(_ judgments: [String: [String: Int]] = [:]) { self.judgments = judgments }

    /// Query ids in byte-wise order.
    public var queryIDs: [String] { judgments.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
    public var count: Int { judgments.values.reduce(0) { $0 + $1.count } }

    public func grade(query: String, document: String) -> Int? { judgments[query]?[document] }

    /// Reads TREC qrels (`qid iter docid grade`, whitespace-separated) or BEIR qrels (a tab-separated file
    /// whose first line is the header `query-id corpus-id score`), told apart by that header.
    public static func read(_ url: URL) throws -> Qrels {
        let path = url.path
        let text = try DataError.readText(url, hint: "give a TREC qrels file or a BEIR qrels/<split>.tsv")
        var qrels = Qrels()
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated().makeIterator()
        var beir = false
        var pending: (Int, Substring)?
        if let first = lines.next() {
            let fields = first.element.split(separator: "\t")
            if fields.count >= 3, Int(fields[2].trimmingCharacters(in: .whitespaces)) == nil { beir = true } else { pending = first }
        }
        while let (index, line) = pending ?? lines.next() {
            pending = nil
            let number = index + 1
            if line.allSatisfy(\.isWhitespace) { continue }
            let fields = beir ? line.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }
                              : line.split(whereSeparator: \.isWhitespace).map(String.init)
            let (query, document, gradeText): (String, String, String)
            if beir {
                guard fields.count == 3 else {
                    throw DataError.malformedLine(path: path, line: number, reason: "expected query-id<TAB>corpus-id<TAB>score, got \(fields.count) fields")
                }
                (query, document, gradeText) = (fields[0], fields[1], fields[2])
            } else {
                guard fields.count == 4 else {
                    throw DataError.malformedLine(path: path, line: number, reason: "expected `qid iter docid grade`, got \(fields.count) fields")
                }
                (query, document, gradeText) = (fields[0], fields[2], fields[3])
            }
            guard let grade = Int(gradeText) ?? Double(gradeText).flatMap({ $0 == $0.rounded() ? Int($0) : nil }) else {
                throw DataError.malformedLine(path: path, line: number, reason: "grade \"\(gradeText)\" is not an integer")
            }
            qrels.judgments[query, default: [:]][document] = grade
        }
        return qrels
    }

    /// TREC qrels text, queries and documents in byte-wise order.
    public var trecText: String {
        var out = ""
        for q in queryIDs {
            for d in judgments[q]!.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                out += "\(q) 0 \(d) \(judgments[q]![d]!)\n"
            }
        }
        return out
    }

    public func write(to url: URL) throws { try trecText.write(to: url, atomically: true, encoding: .utf8) }
}
