// Training samples for the two stages of the method, built from a split of a collection with a seed: binary
// pairs (stage 1, GRPO's labels; also the pointwise loss) and lists of one positive and n negatives (stage 2,
// the listwise, pairwise and graded losses). Hard negatives come from a first-stage ranking passed in as a Run,
// so this file does not depend on any retriever.

/// Where a negative came from.
public enum NegativeSource: String, Sendable, Equatable, CaseIterable {
    /// Judged not relevant (grade ≤ 0) in the qrels.
    case judged
    /// Ranked in the top `hardDepth` of the first stage and not judged relevant.
    case hard
    /// Any document of the corpus not judged relevant, uniformly.
    case random
}

/// A (query, document, label) example.
public struct TrainingPair: Sendable, Equatable {
    public let query: Query
    public let document: Document
    /// 1 when the document is judged relevant enough (grade ≥ the builder's `positiveGrade`), else 0.
    public let label: Int
    /// The judged grade; 0 for an unjudged document (negative grades count as 0).
    public let grade: Int
    /// `grade / maxGrade` of the split, the target of the `graded` loss.
    public let target: Double
    /// For a negative, where it came from; nil for a positive.
    public let source: NegativeSource?
}

/// One positive and n negatives for a query. `documents[0]` is the positive; the rest are the negatives.
public struct TrainingList: Sendable, Equatable {
    public let query: Query
    /// The positive first, then the negatives (hard ones first, then random ones).
    public let documents: [Document]
    /// Judged grades aligned with `documents` (0 for unjudged negatives).
    public let grades: [Int]
    /// `grade / maxGrade` aligned with `documents`, for the `graded` loss.
    public let targets: [Double]
    /// Where each negative came from, aligned with `negatives`.
    public let negativeSources: [NegativeSource]

    public var positive: Document { documents[0] }
    public var negatives: ArraySlice<Document> { documents.dropFirst() }
}

/// Seeded builders of training pairs and lists (see `pairs(_:split:firstStage:parameters:seed:)` and
/// `lists(_:split:firstStage:parameters:seed:)`).
public enum TrainingSamples {}

extension TrainingSamples {
    /// What one query offers: its judged positives and three disjoint pools of non-relevant documents.
    ///
    /// A document judged ≥ 1 is never a negative, whatever `positiveGrade` is (a grade-1 document is neither a
    /// positive nor a negative when `positiveGrade` is 2). Pools are disjoint: a judged-0 document in the first
    /// stage's top `hardDepth` counts as hard.
    struct QueryPools {
        let query: Query
        /// Corpus indices of documents with grade ≥ `positiveGrade`, in corpus order.
        let positives: [Int]
        /// Corpus indices of the first stage's top `hardDepth` that are not judged relevant, in rank order.
        let hard: [Int]
        /// Corpus indices judged ≤ 0 and not hard, in corpus order.
        let judged: [Int]
        /// Corpus indices judged ≥ 1 (never negatives).
        let relevant: Set<Int>
        let grades: [Int: Int]

        func grade(_ index: Int) -> Int { max(grades[index] ?? 0, 0) }
    }

    /// The split's queries with their pools, in the dataset's query order; documents the qrels or the run name
    /// but the corpus lacks are ignored.
    static func pools(_ dataset: Dataset, split: String, firstStage: Run?, positiveGrade: Int,
                      hardDepth: Int) throws -> (pools: [QueryPools], maxGrade: Int) {
        precondition(positiveGrade >= 1, "TrainingSamples: positiveGrade must be ≥ 1, got \(positiveGrade)")
        precondition(hardDepth >= 0, "TrainingSamples: hardDepth must be ≥ 0, got \(hardDepth)")
        let qrels = try dataset.judgements(split)
        var position: [String: Int] = [:]
        for (i, document) in dataset.corpus.enumerated() { position[document.id] = i }
        let maxGrade = max(qrels.judgments.values.flatMap(\.values).max() ?? 1, 1)
        var result: [QueryPools] = []
        for query in try dataset.queries(split) {
            var grades: [Int: Int] = [:]
            for (id, grade) in qrels.judgments[query.id] ?? [:] {
                if let i = position[id] { grades[i] = grade }
            }
            let relevant = Set(grades.filter { $0.value >= 1 }.keys)
            var hard: [Int] = []
            var seen: Set<Int> = []
            for scored in (firstStage?.rankings[query.id] ?? []).prefix(hardDepth) {
                if let i = position[scored.id], !relevant.contains(i), seen.insert(i).inserted { hard.append(i) }
            }
            let judged = grades.filter { $0.value <= 0 && !seen.contains($0.key) }.keys.sorted()
            let positives = grades.filter { $0.value >= positiveGrade }.keys.sorted()
            result.append(QueryPools(query: query, positives: positives, hard: hard, judged: judged,
                                     relevant: relevant, grades: grades))
        }
        return (result, maxGrade)
    }

    /// A uniformly drawn corpus index that is not relevant and not in `excluded`, by rejection; nil when none is
    /// left (counted first, so the draw always terminates).
    static func randomNegative(corpusSize: Int, relevant: Set<Int>, excluded: Set<Int>,
                               _ rng: inout SeededRNG) -> Int? {
        let blocked = relevant.union(excluded).count
        guard blocked < corpusSize else { return nil }
        while true {
            let i = rng.index(below: corpusSize)
            if !relevant.contains(i) && !excluded.contains(i) { return i }
        }
    }
}
