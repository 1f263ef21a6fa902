// Balanced binary pairs: every positive (query, document, 1) comes with one negative (query, document, 0) of the
// same query, so a split gives exactly as many positives as negatives.

extension TrainingSamples {
    /// How `pairs` draws.
    public struct PairParameters: Sendable, Equatable {
        /// The smallest grade that makes a positive (label 1).
        public var positiveGrade = 1
        /// At most this many positives per query (drawn at random); nil takes all of them.
        public var positivesPerQuery: Int? = nil
        /// Relative weights of the negative sources. A negative's source is drawn with these weights among the
        /// sources that still have documents for the query (hard needs a first-stage run).
        public var judgedWeight = 1.0
        public var hardWeight = 1.0
        public var randomWeight = 1.0
        /// Hard negatives come from this many top documents of the first stage.
        public var hardDepth = 20
        /// Shuffle the pairs of the whole split (otherwise: query order, each positive followed by its negative).
        public var shuffle = true

        public init() {}
    }

    /// Balanced binary pairs from `split`, deterministic from `seed`.
    ///
    /// For each query (in the dataset's order): its positives (grade ≥ `positiveGrade`, at most
    /// `positivesPerQuery`), each followed by one negative, all negatives of a query distinct. A negative is a
    /// judged-0 document, a hard negative (top `hardDepth` of `firstStage` not judged relevant) or a random
    /// document not judged relevant, the source drawn with the weights of `parameters`. A document judged
    /// relevant (≥ 1) is never a negative. A positive for which no negative is left is dropped with it.
    ///
    /// ```swift
    /// let pairs = try TrainingSamples.pairs(ds, split: "train", firstStage: bm25Run, seed: 1)
    /// pairs.filter { $0.label == 1 }.count == pairs.count / 2   // true
    /// ```
    public static func pairs(_ dataset: Dataset, split: String, firstStage: Run? = nil,
                             parameters: PairParameters = PairParameters(), seed: UInt64) throws -> [TrainingPair] {
        let p = parameters
        precondition(p.judgedWeight >= 0 && p.hardWeight >= 0 && p.randomWeight >= 0,
                     "TrainingSamples.pairs: source weights must be ≥ 0")
        let (pools, maxGrade) = try Self.pools(dataset, split: split, firstStage: firstStage,
                                               positiveGrade: p.positiveGrade, hardDepth: p.hardDepth)
        var rng = SeededRNG(seed: seed)
        let corpus = dataset.corpus
        var out: [TrainingPair] = []
        for pool in pools {
            var positives = rng.shuffled(pool.positives)
            if let cap = p.positivesPerQuery { positives = Array(positives.prefix(max(cap, 0))) }
            var hard = rng.shuffled(pool.hard), judged = rng.shuffled(pool.judged)
            var used = Set(pool.hard).union(pool.judged)
            for positive in positives {
                let weights = [judged.isEmpty ? 0 : p.judgedWeight, hard.isEmpty ? 0 : p.hardWeight, p.randomWeight]
                var source: NegativeSource
                if weights.reduce(0, +) > 0 {
                    source = [NegativeSource.judged, .hard, .random][WeightedIndex(weights: weights).draw(&rng)]
                } else {
                    source = !judged.isEmpty ? .judged : !hard.isEmpty ? .hard : .random
                }
                var negative: Int?
                switch source {
                case .judged: negative = judged.popLast()
                case .hard: negative = hard.popLast()
                case .random:
                    negative = randomNegative(corpusSize: corpus.count, relevant: pool.relevant, excluded: used, &rng)
                    if negative == nil {   // the corpus ran out: fall back on what the other pools have left
                        if let j = judged.popLast() { negative = j; source = .judged }
                        else if let h = hard.popLast() { negative = h; source = .hard }
                    }
                }
                guard let n = negative else { break }
                used.insert(n)
                out.append(pair(pool, positive, label: 1, maxGrade: maxGrade, source: nil, corpus))
                out.append(pair(pool, n, label: 0, maxGrade: maxGrade, source: source, corpus))
            }
        }
        return p.shuffle ? rng.shuffled(out) : out
    }

    private static func pair(_ pool: QueryPools, _ index: Int, label: Int, maxGrade: Int, source: NegativeSource?,
                             _ corpus: [Document]) -> TrainingPair {
        let grade = pool.grade(index)
        return TrainingPair(query: pool.query, document: corpus[index], label: label, grade: grade,
                            target: Double(grade) / Double(maxGrade), source: source)
    }
}
