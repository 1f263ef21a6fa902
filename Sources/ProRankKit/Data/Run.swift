// Ranked results (a run): TREC `qid Q0 docid rank score tag` files, read and written.

import Foundation

/// A document with the score a system gave it.
public struct ScoredDocument: Sendable, Equatable {
    public let id: String
    public let score: Double

    public init(id: String, score: Double) {
        self.id = id
        self.score = score
    }
}

/// Ranked documents per query, best first, with a run tag.
public struct Run: Sendable, Equatable {
    public var rankings: [String: [ScoredDocument]]
    public var tag: String

    public init(_ rankings: [String: [ScoredDocument]] = [:], tag: String = "prorank") {
        self.rankings = rankings
        self.tag = tag
    }

    /// Query ids in byte-wise order.
    public var queryIDs: [String] { rankings.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }

    /// Reads a TREC run. The rank column is kept only as read order; evaluation re-sorts by score as trec_eval does.
    public static func read(_ url: URL) throws -> Run {
        let path = url.path
        let text = try DataError.readText(url, hint: "give a TREC run file (qid Q0 docid rank score tag)")
        var run = Run(tag: "")
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            if line.allSatisfy(\.isWhitespace) { continue }
            let fields = line.split(whereSeparator: \.isWhitespace)
            guard fields.count == 6 else {
                throw DataError.malformedLine(path: path, line: index + 1, reason: "expected `qid Q0 docid rank score tag`, got \(fields.count) fields")
            }
            guard let score = Double(fields[4]) else {
                throw DataError.malformedLine(path: path, line: index + 1, reason: "score \"\(fields[4])\" is not a number")
            }
            run.rankings[String(fields[0]), default: []].append(ScoredDocument(id: String(fields[2]), score: score))
            if run.tag.isEmpty { run.tag = String(fields[5]) }
        }
        return run
    }

    /// TREC run text: queries in byte-wise order, documents in ranking order, ranks from 1.
    public var trecText: String {
        var out = ""
        for q in queryIDs {
            for (rank, doc) in rankings[q]!.enumerated() { out += "\(q) Q0 \(doc.id) \(rank + 1) \(doc.score) \(tag)\n" }
        }
        return out
    }

    public func write(to url: URL) throws { try trecText.write(to: url, atomically: true, encoding: .utf8) }
}
