// The paper's preliminary analysis: how well does a decoder LM, never trained for it, follow the ProRank prompt?
// For N labelled pairs (half relevant, half BM25-hard negatives) it answers greedily after the prompt, and its
// answer slot (the prompt's last position) is read as a score:
//
//     format success = fraction of answers that, stripped of whitespace and the end marker, are exactly "0" or "1"
//     accuracy       = fraction of answers equal to the gold label (a malformed answer counts as wrong)
//     answer mass    = p("0") + p("1") under the full-vocabulary softmax at the answer slot
//     s              = z["1"] − z["0"] at the answer slot, and the ROC AUC of s against the labels
//
// `compareRankings` reranks a first-stage run by s and puts its nDCG@10 next to the first stage's, a seeded
// random order's and the oracle's on the same candidates.

import Foundation

/// Zero-shot analysis of a decoder LM with the ProRank prompt (a namespace).
///
/// ```swift
/// let prompt = try RerankPrompt(tokenizer: tokenizer, maxDocumentTokens: 256)
/// let report = try ZeroShot.analyze(model: slm, prompt: prompt, dataset: ds, split: "test", firstStage: bm25Run,
///                                   parameters: ZeroShot.Parameters(pairs: 200, seed: 1))
/// report.formatSuccess, report.accuracy, report.auc
/// let orders = try ZeroShot.compareRankings(model: slm, prompt: prompt, dataset: ds, split: "test",
///                                           firstStage: bm25Run, top: 20, seed: 1)
/// orders.zeroShot, orders.firstStage, orders.random, orders.oracle      // nDCG@10 of each order
/// ```
public enum ZeroShot {
    /// How `analyze(model:prompt:dataset:split:firstStage:parameters:shouldContinue:)` draws and answers.
    public struct Parameters: Sendable, Equatable {
        /// N labelled pairs: ⌈N/2⌉ positives and ⌊N/2⌋ negatives (`balancedPairs`).
        public var pairs: Int
        /// Greedy answer length limit (the answer is one token when the model follows the prompt).
        public var maxAnswerTokens: Int
        /// Pairs shown in `Report.examples`.
        public var examples: Int
        public var seed: UInt64
        /// Hard negatives come from this many top documents of the first stage.
        public var hardDepth: Int

        public init(pairs: Int = 200, maxAnswerTokens: Int = 4, examples: Int = 5, seed: UInt64 = 0, hardDepth: Int = 20) {
            (self.pairs, self.maxAnswerTokens, self.examples, self.seed, self.hardDepth) = (pairs, maxAnswerTokens, examples, seed, hardDepth)
        }
    }

    /// What a stripped answer was.
    public enum Answer: Int, Sendable, CaseIterable {
        case zero = 0, one = 1, other = 2
    }

    /// Gold label (rows 0, 1) × answer (`Answer`: "0", "1", anything else).
    public struct Confusion: Sendable, Equatable {
        /// `counts[gold][answer.rawValue]`.
        public internal(set) var counts: [[Int]] = [[0, 0, 0], [0, 0, 0]]

        public subscript(gold gold: Int, answered answer: Answer) -> Int { counts[gold][answer.rawValue] }
        /// All pairs counted.
        public var total: Int { counts.joined().reduce(0, +) }
    }

    /// One pair's outcome.
    public struct Outcome: Sendable, Equatable {
        public let label: Int
        /// The greedy completion's ids, the stop token included when it was reached.
        public let completionIDs: [Int]
        /// The completion decoded as is (special tokens kept).
        public let completion: String
        /// The completion without its stop token, end-marker text and surrounding whitespace.
        public let answer: String
        public let answered: Answer
        /// s = z["1"] − z["0"] at the answer slot.
        public let score: Double
        /// p("0") + p("1") under the full-vocabulary softmax at the answer slot.
        public let answerMass: Double
    }

    /// A pair shown to a reader.
    public struct Example: Sendable, Equatable {
        public let query: String
        /// The document's first `snippetCharacters` characters ("…" marks a cut).
        public let document: String
        public let label: Int
        public let answer: String
        public let score: Double
    }

    /// The analysis of N pairs.
    public struct Report: Sendable, Equatable {
        public let pairCount: Int
        public let formatSuccess: Double
        public let accuracy: Double
        public let confusion: Confusion
        public let meanAnswerMass: Double
        /// ROC AUC of s against the labels (Mann–Whitney, ties ½); nil when the pairs hold one label only.
        public let auc: Double?
        public let examples: [Example]
        /// Every pair's outcome, in pair order.
        public let outcomes: [Outcome]
    }

    static let snippetCharacters = 200

    /// Balanced pairs of `split` for the analysis: all positives of every query (grade ≥ 1), each with a hard
    /// negative from the top `hardDepth` of `firstStage` (where a query has none left: a judged-0 document, else a
    /// random one), via `TrainingSamples.pairs`. The (positive, negative) couples are shuffled with `seed` and the
    /// first ⌈count/2⌉ kept, each positive followed by its negative; an odd `count` drops the last negative.
    /// - Throws: `RerankError.invalidArgument` when `count` < 1, `hardDepth` < 0, the split is unknown, or the
    ///   split offers fewer couples than needed.
    public static func balancedPairs(_ dataset: Dataset, split: String, firstStage: Run?, count: Int, seed: UInt64,
                                     hardDepth: Int = 20) throws -> [TrainingPair] {
        guard count >= 1 else { throw RerankError.invalidArgument("the zero-shot analysis needs pairs ≥ 1, got \(count)") }
        guard hardDepth >= 0 else { throw RerankError.invalidArgument("hardDepth must be ≥ 0, got \(hardDepth)") }
        var parameters = TrainingSamples.PairParameters()
        (parameters.judgedWeight, parameters.hardWeight, parameters.randomWeight) = (0, 1, 0)
        (parameters.hardDepth, parameters.shuffle) = (hardDepth, false)
        var rng = SeededRNG(seed: seed)
        let all: [TrainingPair]
        do { all = try TrainingSamples.pairs(dataset, split: split, firstStage: firstStage, parameters: parameters, seed: rng.next()) }
        catch let error as DataError { throw RerankError.invalidArgument("\(error)") }
        let couples = stride(from: 0, to: all.count - 1, by: 2).map { [all[$0], all[$0 + 1]] }
        let needed = (count + 1) / 2
        guard couples.count >= needed else {
            throw RerankError.invalidArgument("\(dataset.name) split \"\(split)\" offers \(2 * couples.count) balanced pairs, \(count) were asked for (hint: ask for at most \(2 * couples.count))")
        }
        return Array(rng.shuffled(couples).prefix(needed).joined().prefix(count))
    }

    /// `balancedPairs` drawn with `parameters`, then `analyze(model:prompt:pairs:…)`.
    public static func analyze(model: DecoderLM, prompt: RerankPrompt, dataset: Dataset, split: String, firstStage: Run?,
                               parameters: Parameters = Parameters(),
                               shouldContinue: (_ done: Int, _ total: Int) -> Bool = { _, _ in true }) throws -> Report {
        try validate(model: model, prompt: prompt, maxAnswerTokens: parameters.maxAnswerTokens, examples: parameters.examples)
        let pairs = try balancedPairs(dataset, split: split, firstStage: firstStage, count: parameters.pairs,
                                      seed: parameters.seed, hardDepth: parameters.hardDepth)
        return try analyze(model: model, prompt: prompt, pairs: pairs, maxAnswerTokens: parameters.maxAnswerTokens,
                           examples: parameters.examples, shouldContinue: shouldContinue)
    }

    /// Answers every pair greedily and scores its answer slot (formulas at the top of this file).
    ///
    /// Per pair one prefill of the prompt gives the answer-slot logits z (s = z["1"] − z["0"], the answer mass)
    /// and the cache the greedy continuation runs on — the same steps as `DecoderLM.generate` with
    /// `Sampler.greedy`, stopping after `<|im_end|>`, the model's EOS ids or the tokenizer's EOS, or after
    /// `maxAnswerTokens` tokens. `shouldContinue(done, total)` is asked after each pair; false stops with
    /// `RerankError.cancelled`.
    /// - Throws: `RerankError` for no pairs, a label other than 0/1, `maxAnswerTokens` < 1, `examples` < 0,
    ///   answer ids outside the model's vocabulary, or a prompt (plus the answer) longer than the model's
    ///   positions — all checked before any model call.
    public static func analyze(model: DecoderLM, prompt: RerankPrompt, pairs: [TrainingPair], maxAnswerTokens: Int = 4,
                               examples: Int = 5,
                               shouldContinue: (_ done: Int, _ total: Int) -> Bool = { _, _ in true }) throws -> Report {
        try validate(model: model, prompt: prompt, maxAnswerTokens: maxAnswerTokens, examples: examples)
        guard !pairs.isEmpty else { throw RerankError.invalidArgument("the zero-shot analysis needs at least 1 pair, got none") }
        if let bad = pairs.firstIndex(where: { $0.label != 0 && $0.label != 1 }) {
            throw RerankError.invalidArgument("pair \(bad) has label \(pairs[bad].label); labels must be 0 or 1")
        }
        let prompts = pairs.map { prompt.ids(query: $0.query.text, document: $0.document.content) }
        let vocabulary = model.config.vocabularySize, positions = model.config.maxPositionEmbeddings
        for (i, ids) in prompts.enumerated() {
            if let bad = ids.first(where: { $0 < 0 || $0 >= vocabulary }) {
                throw RerankError.invalidArgument("prompt \(i) holds token id \(bad), outside the model's vocabulary (0..<\(vocabulary)): is this the model's tokenizer?")
            }
            guard ids.count + maxAnswerTokens - 1 <= positions else {
                throw RerankError.invalidArgument("prompt \(i) has \(ids.count) tokens; with \(maxAnswerTokens) answer tokens it passes the model's \(positions) positions (hint: lower maxDocumentTokens or maxQueryTokens of the prompt)")
            }
        }
        let stops = stopTokens(model: model, prompt: prompt)
        let markers = stops.compactMap { prompt.tokenizer.token(of: $0) }
        var outcomes: [Outcome] = []
        for (i, (pair, ids)) in zip(pairs, prompts).enumerated() {
            let (completionIDs, score, mass) = greedyAnswer(model: model, prompt: prompt, ids: ids,
                                                            maxAnswerTokens: maxAnswerTokens, stopTokens: stops)
            let completion = decodeLeniently(completionIDs, prompt.tokenizer)
            let kept = completionIDs.last.map { stops.contains($0) } == true ? Array(completionIDs.dropLast()) : completionIDs
            let answer = stripped(decodeLeniently(kept, prompt.tokenizer), endMarkers: markers)
            outcomes.append(Outcome(label: pair.label, completionIDs: completionIDs, completion: completion, answer: answer,
                                    answered: answer == "0" ? .zero : answer == "1" ? .one : .other,
                                    score: score, answerMass: mass))
            guard shouldContinue(i + 1, pairs.count) else { throw RerankError.cancelled(done: i + 1, total: pairs.count) }
        }
        return report(pairs: pairs, outcomes: outcomes, examples: examples)
    }

    /// ROC AUC of `scores` against binary `labels` (Mann–Whitney U / (P·N)):
    /// ```
    /// AUC = (1 / (P·N)) · Σ_{i: label 1} Σ_{j: label 0} ([s_i > s_j] + ½ [s_i = s_j])
    /// ```
    /// computed from average ranks in O(n log n). nil when one of the classes is empty.
    /// - Throws: `RerankError.invalidArgument` for mismatched lengths, a label other than 0/1, or a NaN score.
    public static func auc(scores: [Double], labels: [Int]) throws -> Double? {
        guard scores.count == labels.count else {
            throw RerankError.invalidArgument("AUC needs one label per score, got \(scores.count) scores and \(labels.count) labels")
        }
        guard labels.allSatisfy({ $0 == 0 || $0 == 1 }) else { throw RerankError.invalidArgument("AUC labels must be 0 or 1") }
        guard !scores.contains(where: \.isNaN) else { throw RerankError.invalidArgument("AUC scores must not be NaN") }
        let positives = labels.filter { $0 == 1 }.count, negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var positiveRankSum = 0.0, start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && scores[order[end + 1]] == scores[order[start]] { end += 1 }
            let averageRank = Double(start + end + 2) / 2   // ranks from 1; a tie group shares its mean rank
            for k in start...end where labels[order[k]] == 1 { positiveRankSum += averageRank }
            start = end + 1
        }
        let u = positiveRankSum - Double(positives) * Double(positives + 1) / 2
        return u / (Double(positives) * Double(negatives))
    }

    /// The same candidates in four orders, each scored with one metric (nDCG@10 by default).
    public struct RankingComparison: Sendable, Equatable {
        public enum Order: String, Sendable, CaseIterable {
            /// By s, descending (ties keep the first-stage order): `Reranker.rerank`.
            case zeroShot
            /// As the first stage listed them.
            case firstStage
            /// A seeded shuffle.
            case random
            /// By judged grade, descending (unjudged = 0; ties keep the first-stage order): the best any reranker can do.
            case oracle
        }

        public let metric: Metric
        /// Candidates per query: the first `top` documents of the first stage.
        public let top: Int
        /// Each order as a run whose scores are `count − position`, so that evaluation keeps the order as listed
        /// (trec_eval would otherwise break ties by document id).
        public let runs: [Order: Run]
        public let evaluations: [Order: Evaluation]
        /// The zero-shot order with its s scores.
        public let rerankedRun: Run

        /// The mean of `metric` over the evaluated queries for one order.
        public func value(_ order: Order) -> Double { evaluations[order]?.mean[metric.name] ?? 0 }
        public var zeroShot: Double { value(.zeroShot) }
        public var firstStage: Double { value(.firstStage) }
        public var random: Double { value(.random) }
        public var oracle: Double { value(.oracle) }
        /// Queries evaluated: those of the split that the first stage ranks.
        public var queryCount: Int { evaluations[.firstStage]?.queryIDs.count ?? 0 }
    }

    /// Reranks the first `top` documents of each `split` query in `firstStage` by s (`Reranker.rerank`) and
    /// evaluates that order, the first stage's, a random order (seeded with `seed`, queries in byte-wise order)
    /// and the oracle order on the same candidates against the split's qrels, as trec_eval would (judged queries
    /// without relevant documents count as 0 in every order).
    /// - Throws: `RerankError.invalidArgument` for `top` < 1, an unknown split, a first stage that ranks none of
    ///   the split's queries or names a document the dataset lacks (all before any model call); the reranker's
    ///   errors; `RerankError.cancelled` when `shouldContinue(done, total)` (asked after each query) says false.
    public static func compareRankings(model: DecoderLM, prompt: RerankPrompt, dataset: Dataset, split: String,
                                       firstStage: Run, top: Int = 20, seed: UInt64 = 0, batchSize: Int = 8,
                                       metric: Metric = Metric(.ndcg, cutoff: 10),
                                       shouldContinue: (_ done: Int, _ total: Int) -> Bool = { _, _ in true }) throws -> RankingComparison {
        guard top >= 1 else { throw RerankError.invalidArgument("top must be ≥ 1, got \(top)") }
        let qrels: Qrels, queries: [Query]
        do { (qrels, queries) = (try dataset.judgements(split), try dataset.queries(split)) }
        catch let error as DataError { throw RerankError.invalidArgument("\(error)") }
        let reranker = try Reranker(model: model, prompt: prompt, batchSize: batchSize)
        let known = Set(dataset.corpus.map(\.id))
        var candidates = Run(tag: firstStage.tag)
        for query in queries {
            guard let ranking = firstStage.rankings[query.id] else { continue }
            let kept = Array(ranking.prefix(top))
            if let missing = kept.first(where: { !known.contains($0.id) }) {
                throw RerankError.invalidArgument("the first stage's document \"\(missing.id)\" (query \"\(query.id)\") is not in \(dataset.name)")
            }
            candidates.rankings[query.id] = kept
        }
        guard !candidates.rankings.isEmpty else {
            throw RerankError.invalidArgument("the first stage ranks none of the \(queries.count) queries of \(dataset.name) split \"\(split)\" (hint: search the split's queries, e.g. index.search(ds.queries(\"\(split)\"), top: 100))")
        }
        let reranked = try reranker.rerank(candidates, dataset: dataset, top: top, shouldContinue: shouldContinue)
        var rng = SeededRNG(seed: seed)
        var runs = Dictionary(uniqueKeysWithValues: RankingComparison.Order.allCases.map { ($0, Run(tag: $0.rawValue)) })
        for queryID in candidates.queryIDs {
            let ids = candidates.rankings[queryID]!.map(\.id)
            let grades = ids.map { qrels.judgments[queryID]?[$0] ?? 0 }
            let orders: [RankingComparison.Order: [String]] = [
                .zeroShot: reranked.rankings[queryID]?.map(\.id) ?? [],
                .firstStage: ids,
                .random: rng.shuffled(ids),
                .oracle: ids.indices.sorted { grades[$0] != grades[$1] ? grades[$0] > grades[$1] : $0 < $1 }.map { ids[$0] },
            ]
            for (order, listed) in orders {
                runs[order]!.rankings[queryID] = listed.enumerated().map { ScoredDocument(id: $1, score: Double(listed.count - $0)) }
            }
        }
        let evaluations = runs.mapValues { evaluate($0, qrels, metrics: [metric]) }
        return RankingComparison(metric: metric, top: top, runs: runs, evaluations: evaluations, rerankedRun: reranked)
    }

    // MARK: Steps

    static func validate(model: DecoderLM, prompt: RerankPrompt, maxAnswerTokens: Int, examples: Int) throws {
        guard maxAnswerTokens >= 1 else { throw RerankError.invalidArgument("maxAnswerTokens must be ≥ 1, got \(maxAnswerTokens)") }
        guard examples >= 0 else { throw RerankError.invalidArgument("examples must be ≥ 0, got \(examples)") }
        let vocabulary = model.config.vocabularySize
        guard prompt.zeroID < vocabulary, prompt.oneID < vocabulary else {
            throw RerankError.tokenizer("the answer ids \(prompt.zeroID) and \(prompt.oneID) are outside the model's vocabulary (0..<\(vocabulary)): is this the model's tokenizer?")
        }
    }

    /// `<|im_end|>` (a special token of every `RerankPrompt` tokenizer), the model's EOS ids and the tokenizer's EOS.
    static func stopTokens(model: DecoderLM, prompt: RerankPrompt) -> Set<Int> {
        Set(prompt.tokenizer.encode("<|im_end|>") + model.config.eosTokenIDs + [prompt.tokenizer.eosID].compactMap { $0 })
    }

    /// One prefill, then greedy steps on its cache (as `DecoderLM.generate` does); s and the answer mass from the
    /// prefill's last-position logits.
    static func greedyAnswer(model: DecoderLM, prompt: RerankPrompt, ids: [Int], maxAnswerTokens: Int,
                             stopTokens: Set<Int>) -> (ids: [Int], score: Double, mass: Double) {
        withoutGrad {
            var out = model.forward([ids], keepCache: true)
            var row = model.logits(out.hidden, positions: [ids.count - 1])   // [1, 1, V]
            let z = row.storage.buffer
            let score = Double(z[prompt.oneID] - z[prompt.zeroID])
            let top = Double(z.max()!)
            let total = z.reduce(0.0) { $0 + exp(Double($1) - top) }
            let mass = (exp(Double(z[prompt.zeroID]) - top) + exp(Double(z[prompt.oneID]) - top)) / total
            var sampler = Sampler.greedy
            var generated: [Int] = []
            while true {
                let token = sampler.sample(UnsafeBufferPointer(row.storage.buffer))
                generated.append(token)
                if generated.count == maxAnswerTokens || stopTokens.contains(token) { break }
                out = model.forward([[token]], cache: out.cache, keepCache: true)
                row = model.logits(out.hidden, positions: [0])
            }
            return (generated, score, mass)
        }
    }

    /// The text of `ids`; an id the tokenizer lacks (a model's padding rows past the tokenizer's vocabulary)
    /// becomes "[id N]", so such an answer is malformed rather than an error.
    static func decodeLeniently(_ ids: [Int], _ tokenizer: Tokenizer) -> String {
        if let text = try? tokenizer.decode(ids) { return text }
        var text = "", run: [Int] = []
        for id in ids + [-1] {
            if id >= 0, let _ = tokenizer.token(of: id) { run.append(id); continue }
            text += (try? tokenizer.decode(run)) ?? ""
            run = []
            if id >= 0 { text += "[id \(id)]" }
        }
        return text
    }

    /// `text` without surrounding whitespace and without trailing end markers (`<|im_end|>`, EOS) written as text.
    static func stripped(_ text: String, endMarkers: [String]) -> String {
        var result = text.trimmingCharacters(in: .whitespacesAndNewlines)
        while let marker = endMarkers.first(where: { !$0.isEmpty && result.hasSuffix($0) }) {
            result = String(result.dropLast(marker.count)).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return result
    }

    static func report(pairs: [TrainingPair], outcomes: [Outcome], examples: Int) -> Report {
        var confusion = Confusion()
        for outcome in outcomes { confusion.counts[outcome.label][outcome.answered.rawValue] += 1 }
        let n = Double(outcomes.count)
        let wellFormed = outcomes.filter { $0.answered != .other }.count
        let correct = outcomes.filter { $0.answered.rawValue == $0.label }.count
        let auc = try? Self.auc(scores: outcomes.map(\.score), labels: outcomes.map(\.label))
        let shown = zip(pairs, outcomes).prefix(examples).map { pair, outcome -> Example in
            let content = pair.document.content
            let snippet = content.count > snippetCharacters ? String(content.prefix(snippetCharacters)) + "…" : content
            return Example(query: pair.query.text, document: snippet, label: pair.label, answer: outcome.answer, score: outcome.score)
        }
        return Report(pairCount: outcomes.count, formatSuccess: Double(wellFormed) / n, accuracy: Double(correct) / n,
                      confusion: confusion, meanAnswerMass: outcomes.reduce(0) { $0 + $1.answerMass } / n,
                      auc: auc ?? nil, examples: shown, outcomes: outcomes)
    }
}
