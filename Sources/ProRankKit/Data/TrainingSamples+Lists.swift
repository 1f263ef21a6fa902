// Lists of one positive and n negatives for stage 2 (score learning): hard negatives from the first stage's top
// documents that are not judged relevant, plus random ones; every list of a call has the same length.

extension TrainingSamples {
    /// How `lists` draws.
    public struct ListParameters: Sendable, Equatable {
        /// The smallest grade that makes a positive.
        public var positiveGrade = 1
        /// Lists per query, each with a different positive (drawn at random); nil makes one list per positive.
        public var listsPerQuery: Int? = nil
        /// Hard negatives per list, drawn from the first stage's top `hardDepth` not judged relevant; when a
        /// query has fewer, random negatives take their places.
        public var hardNegatives = 4
        /// Random negatives per list: documents of the corpus not judged relevant.
        public var randomNegatives = 3
        /// How deep into the first stage's ranking hard negatives are taken from.
        public var hardDepth = 20
        /// Shuffle the lists of the whole split (otherwise: query order, positives in random order).
        public var shuffle = true

        public init() {}

        /// The defaults with `negatives` per list, `hard` of them hard.
        public init(negatives: Int, hard: Int) {
            precondition(0 <= hard && hard <= negatives, "ListParameters: need 0 ≤ hard ≤ negatives")
            hardNegatives = hard
            randomNegatives = negatives - hard
        }

        /// Negatives per list.
        public var negatives: Int { hardNegatives + randomNegatives }
    }

    /// Lists of 1 positive + `hardNegatives + randomNegatives` negatives from `split`, deterministic from `seed`.
    ///
    /// Per query (in the dataset's order) and per chosen positive: `hardNegatives` distinct documents drawn
    /// uniformly from the top `hardDepth` of `firstStage` for that query that are not judged relevant (grade ≥ 1),
    /// then random documents not judged relevant and not already in the list. Queries without a positive give
    /// no list. `firstStage` is any ranking (BM25 in the method), so this does not depend on a retriever.
    ///
    /// Throws `DataError.invalidValue` when the split is unknown or the corpus has too few non-relevant
    /// documents for a list.
    ///
    /// ```swift
    /// let lists = try TrainingSamples.lists(ds, split: "train", firstStage: bm25Run,
    ///                                       parameters: .init(negatives: 7, hard: 4), seed: 1)
    /// lists[0].documents.count   // 8: the positive, then 7 negatives
    /// ```
    public static func lists(_ dataset: Dataset, split: String, firstStage: Run,
                             parameters: ListParameters = ListParameters(), seed: UInt64) throws -> [TrainingList] {
        let p = parameters
        precondition(p.hardNegatives >= 0 && p.randomNegatives >= 0, "TrainingSamples.lists: negative counts must be ≥ 0")
        let (pools, maxGrade) = try Self.pools(dataset, split: split, firstStage: firstStage,
                                               positiveGrade: p.positiveGrade, hardDepth: p.hardDepth)
        var rng = SeededRNG(seed: seed)
        let corpus = dataset.corpus
        var out: [TrainingList] = []
        for pool in pools where !pool.positives.isEmpty {
            if corpus.count - pool.relevant.count < p.negatives {
                throw DataError.invalidValue("\(dataset.name): query \(pool.query.id) of split \"\(split)\" has "
                    + "\(corpus.count - pool.relevant.count) non-relevant documents, fewer than the \(p.negatives) "
                    + "negatives a list needs (hint: ask for fewer negatives)")
            }
            var positives = rng.shuffled(pool.positives)
            if let cap = p.listsPerQuery { positives = Array(positives.prefix(max(cap, 0))) }
            for positive in positives {
                let hard = rng.sample(pool.hard, count: p.hardNegatives)
                var chosen = Set(hard)
                var random: [Int] = []
                for _ in 0..<(p.negatives - hard.count) {
                    // Cannot fail: the corpus was checked to have enough non-relevant documents.
                    let i = randomNegative(corpusSize: corpus.count, relevant: pool.relevant, excluded: chosen, &rng)!
                    chosen.insert(i)
                    random.append(i)
                }
                let indices = [positive] + hard + random
                let grades = indices.map(pool.grade)
                out.append(TrainingList(query: pool.query, documents: indices.map { corpus[$0] }, grades: grades,
                                        targets: grades.map { Double($0) / Double(maxGrade) },
                                        negativeSources: hard.map { _ in .hard } + random.map { _ in .random }))
            }
        }
        return p.shuffle ? rng.shuffled(out) : out
    }
}
