// Summary numbers of a collection (sizes, lengths, judgements by grade per split), for notebooks and docs.

/// Sizes of a `Dataset`. Lengths count whitespace-separated words of `Document.content` and `Query.text`.
///
/// ```swift
/// let stats = CollectionStatistics(ds)
/// stats.splits["test"]?.judgementsByGrade[2]   // documents judged 2 over all test queries
/// ```
public struct CollectionStatistics: Sendable, Equatable, CustomStringConvertible {
    /// The numbers of one split.
    public struct Split: Sendable, Equatable {
        public let queries: Int
        public let judgements: Int
        /// Grade → number of judgements with that grade.
        public let judgementsByGrade: [Int: Int]
        /// Mean words per query of the split.
        public let averageQueryLength: Double
        /// Mean number of judgements with grade ≥ 1 per query.
        public let averageRelevantPerQuery: Double
    }

    public let documents: Int
    public let averageDocumentLength: Double
    public let minimumDocumentLength: Int
    public let maximumDocumentLength: Int
    /// Distinct words over the corpus.
    public let vocabularySize: Int
    public let splits: [String: Split]

    public init(_ dataset: Dataset) {
        var vocabulary: Set<Substring> = []
        var lengths: [Int] = []
        for document in dataset.corpus {
            let words = document.content.split(whereSeparator: \.isWhitespace)
            vocabulary.formUnion(words)
            lengths.append(words.count)
        }
        documents = lengths.count
        averageDocumentLength = lengths.isEmpty ? 0 : Double(lengths.reduce(0, +)) / Double(lengths.count)
        minimumDocumentLength = lengths.min() ?? 0
        maximumDocumentLength = lengths.max() ?? 0
        vocabularySize = vocabulary.count
        var splits: [String: Split] = [:]
        for name in dataset.splits {
            let qrels = dataset.qrels[name]!
            let queries = dataset.allQueries.filter { qrels.judgments[$0.id] != nil }
            var byGrade: [Int: Int] = [:]
            for judged in qrels.judgments.values {
                for grade in judged.values { byGrade[grade, default: 0] += 1 }
            }
            let words = queries.reduce(0) { $0 + $1.text.split(whereSeparator: \.isWhitespace).count }
            let relevant = byGrade.filter { $0.key >= 1 }.values.reduce(0, +)
            splits[name] = Split(queries: queries.count, judgements: qrels.count, judgementsByGrade: byGrade,
                                 averageQueryLength: queries.isEmpty ? 0 : Double(words) / Double(queries.count),
                                 averageRelevantPerQuery: queries.isEmpty ? 0 : Double(relevant) / Double(queries.count))
        }
        self.splits = splits
    }

    /// A few lines: the corpus, then one line per split.
    public var description: String {
        func fixed(_ x: Double) -> String { String(Double((x * 10).rounded()) / 10) }
        var lines = ["\(documents) documents, \(fixed(averageDocumentLength)) words on average "
                     + "(\(minimumDocumentLength)–\(maximumDocumentLength)), vocabulary \(vocabularySize)"]
        for name in splits.keys.sorted() {
            let s = splits[name]!
            let grades = s.judgementsByGrade.keys.sorted(by: >).map { "grade \($0): \(s.judgementsByGrade[$0]!)" }
            lines.append("\(name): \(s.queries) queries (\(fixed(s.averageQueryLength)) words), \(s.judgements) judgements ("
                         + grades.joined(separator: ", ") + "), \(fixed(s.averageRelevantPerQuery)) relevant per query")
        }
        return lines.joined(separator: "\n")
    }
}
