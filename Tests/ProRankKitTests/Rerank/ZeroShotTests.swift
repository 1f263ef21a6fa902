// The zero-shot analysis on the fixture models (fixtures/models/tiny-qwen2, tiny-llama; skipped without them) and
// a small synthetic collection with BM25 as the first stage: the report's counts agree with each other and with
// the per-pair outcomes, every greedy answer is what `DecoderLM.generate` answers, s is the Reranker's score, the
// answer mass is the softmax mass of "0" and "1", the AUC is the pairwise count, and the oracle order beats every
// other order of the same candidates. AUC and answer stripping also have unit cases that need no fixtures.

import Foundation
import XCTest
@testable import ProRankKit

final class ZeroShotTests: XCTestCase {
    private static let dataset = SyntheticCollection.make(topics: 3, docsPerTopic: 6, queriesPerTopic: 5, seed: 5)
    private static let firstStage = BM25Index(documents: dataset.corpus).search(dataset.allQueries, top: 10)

    /// (folder name, model, prompt) for each fixture model; short query/document pieces keep prompts within the
    /// fixtures' 256 positions.
    private func fixtureModels() throws -> [(String, DecoderLM, RerankPrompt)] {
        try fixtureSubfolders(fixtureFolder("models")).map { folder in
            let prompt = try RerankPrompt(tokenizer: Tokenizer(contentsOf: folder.appendingPathComponent("tokenizer.json")),
                                          maxQueryTokens: 24, maxDocumentTokens: 48)
            return (folder.lastPathComponent, try Checkpoint.loadHuggingFace(folder), prompt)
        }
    }

    /// Σ over (positive, negative) of [s⁺ > s⁻] + ½[s⁺ = s⁻], divided by P·N.
    private func bruteForceAUC(_ scores: [Double], _ labels: [Int]) -> Double {
        var wins = 0.0, count = 0.0
        for i in scores.indices where labels[i] == 1 {
            for j in scores.indices where labels[j] == 0 {
                wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0
                count += 1
            }
        }
        return wins / count
    }

    // MARK: Without fixtures

    func testAUCUnitCases() throws {
        XCTAssertEqual(try ZeroShot.auc(scores: [2, 1], labels: [1, 0]), 1)
        XCTAssertEqual(try ZeroShot.auc(scores: [1, 2], labels: [1, 0]), 0)
        XCTAssertEqual(try ZeroShot.auc(scores: [1, 1], labels: [1, 0]), 0.5)
        XCTAssertEqual(try ZeroShot.auc(scores: [3, 3, 3, 3], labels: [1, 0, 0, 1]), 0.5)
        XCTAssertNil(try ZeroShot.auc(scores: [1, 2], labels: [1, 1]), "one class: undefined")
        XCTAssertThrowsError(try ZeroShot.auc(scores: [1], labels: [1, 0]))
        XCTAssertThrowsError(try ZeroShot.auc(scores: [1, 2], labels: [1, 2]))
        XCTAssertThrowsError(try ZeroShot.auc(scores: [.nan, 2], labels: [1, 0]))
        // Many ties (scores rounded to a few values) against the brute-force pairwise count.
        var rng = SeededRNG(seed: 11)
        for _ in 0..<20 {
            let n = 2 + Int(rng.next() % 30)
            let scores = (0..<n).map { _ in Double(rng.next() % 5) }
            var labels = (0..<n).map { _ in Int(rng.next() % 2) }
            (labels[0], labels[1]) = (0, 1)
            XCTAssertEqual(try XCTUnwrap(ZeroShot.auc(scores: scores, labels: labels)), bruteForceAUC(scores, labels), accuracy: 1e-12)
        }
    }

    func testAnswersAreStrippedOfWhitespaceAndEndMarkers() {
        let markers = ["<|im_end|>", "<|endoftext|>"]
        XCTAssertEqual(ZeroShot.stripped(" 1<|im_end|>", endMarkers: markers), "1")
        XCTAssertEqual(ZeroShot.stripped("\n0 \n<|endoftext|> ", endMarkers: markers), "0")
        XCTAssertEqual(ZeroShot.stripped("10", endMarkers: markers), "10")
        XCTAssertEqual(ZeroShot.stripped("<|im_end|>", endMarkers: markers), "")
    }

    // MARK: Fixture models

    func testReportIsConsistentWithGenerateAndTheReranker() throws {
        for (name, model, prompt) in try fixtureModels() {
            XCTAssertLessThanOrEqual(prompt.fixedLength + 24 + 48 + 3, model.config.maxPositionEmbeddings, name)
            let pairs = try ZeroShot.balancedPairs(Self.dataset, split: "test", firstStage: Self.firstStage, count: 8, seed: 1)
            XCTAssertEqual(pairs.map(\.label), [1, 0, 1, 0, 1, 0, 1, 0], "couples of a positive and its negative")
            let report = try ZeroShot.analyze(model: model, prompt: prompt, pairs: pairs, maxAnswerTokens: 4, examples: 3)
            let outcomes = report.outcomes, n = Double(pairs.count)

            // Counts agree with each other and with the outcomes.
            XCTAssertEqual(report.pairCount, pairs.count, name)
            XCTAssertEqual(report.confusion.total, pairs.count, name)
            for label in 0...1 {
                XCTAssertEqual(ZeroShot.Answer.allCases.map { report.confusion[gold: label, answered: $0] }.reduce(0, +),
                               pairs.filter { $0.label == label }.count, "\(name): row \(label)")
            }
            let wellFormed = outcomes.filter { $0.answer == "0" || $0.answer == "1" }.count
            XCTAssertEqual(report.formatSuccess, Double(wellFormed) / n, name)
            XCTAssertEqual(report.formatSuccess, Double((0...1).map { report.confusion[gold: $0, answered: .zero] + report.confusion[gold: $0, answered: .one] }.reduce(0, +)) / n, name)
            XCTAssertEqual(report.accuracy, Double(zip(pairs, outcomes).filter { $1.answer == "\($0.label)" }.count) / n, name)
            XCTAssertEqual(report.accuracy, Double(report.confusion[gold: 0, answered: .zero] + report.confusion[gold: 1, answered: .one]) / n, name)

            // Each answer is generate's greedy answer, stopped by <|im_end|> or an EOS id.
            var stops = Set(model.config.eosTokenIDs)
            stops.insert(try XCTUnwrap(prompt.tokenizer.id(of: "<|im_end|>")))
            if let eos = prompt.tokenizer.eosID { stops.insert(eos) }
            let promptIDs = pairs.map { prompt.ids(query: $0.query.text, document: $0.document.content) }
            for (i, (ids, outcome)) in zip(promptIDs, outcomes).enumerated() {
                var sampler = Sampler.greedy
                let generated = model.generate(prompt: ids, maxNewTokens: 4, sampler: &sampler, stopTokens: stops)
                XCTAssertEqual(outcome.completionIDs, generated, "\(name) pair \(i)")
                XCTAssertEqual(outcome.completion, try prompt.tokenizer.decode(generated), "\(name) pair \(i)")
            }

            // s is the Reranker's score; the mass is p("0") + p("1") of the full softmax at the last position.
            let rerankerScores = try Reranker(model: model, prompt: prompt, batchSize: 3).scores(prompts: promptIDs)
            for (i, (ids, outcome)) in zip(promptIDs, outcomes).enumerated() {
                let want = Double(rerankerScores[i])
                XCTAssertEqual(outcome.score, want, accuracy: 1e-4 * max(1, abs(want)), "\(name) pair \(i)")
                let z = withoutGrad { model.logits(model.forward([ids]).hidden, positions: [ids.count - 1]).scalars.map(Double.init) }
                let top = z.max()!, total = z.reduce(0) { $0 + exp($1 - top) }
                let mass = (exp(z[prompt.zeroID] - top) + exp(z[prompt.oneID] - top)) / total
                XCTAssertEqual(outcome.answerMass, mass, accuracy: 1e-5 * mass, "\(name) pair \(i)")
                XCTAssertGreaterThan(outcome.answerMass, 0, name)
                XCTAssertLessThanOrEqual(outcome.answerMass, 1, name)
            }
            XCTAssertEqual(report.meanAnswerMass, outcomes.map(\.answerMass).reduce(0, +) / n, accuracy: 1e-12, name)
            XCTAssertEqual(try XCTUnwrap(report.auc), bruteForceAUC(outcomes.map(\.score), pairs.map(\.label)), accuracy: 1e-12, name)

            // Examples: the first pairs, as they were answered.
            XCTAssertEqual(report.examples.count, 3, name)
            for (example, (pair, outcome)) in zip(report.examples, zip(pairs, outcomes)) {
                XCTAssertEqual(example.query, pair.query.text)
                XCTAssertTrue(pair.document.content.hasPrefix(example.document.hasSuffix("…") ? String(example.document.dropLast()) : example.document))
                XCTAssertEqual(example.label, pair.label)
                XCTAssertEqual(example.answer, outcome.answer)
                XCTAssertEqual(example.score, outcome.score)
            }
        }
    }

    func testBalancedPairsUseHardNegativesAndKeepBalance() throws {
        let dataset = Self.dataset
        let pairs = try ZeroShot.balancedPairs(dataset, split: "test", firstStage: Self.firstStage, count: 7, seed: 2, hardDepth: 5)
        XCTAssertEqual(pairs.count, 7)
        XCTAssertEqual(pairs.filter { $0.label == 1 }.count, 4, "an odd count drops the last negative")
        let qrels = try dataset.judgements("test")
        for (positive, negative) in zip(pairs.filter { $0.label == 1 }, pairs.filter { $0.label == 0 }) {
            XCTAssertEqual(positive.query, negative.query, "each negative follows its positive")
            XCTAssertGreaterThanOrEqual(qrels.grade(query: positive.query.id, document: positive.document.id) ?? 0, 1)
            XCTAssertLessThan(qrels.grade(query: negative.query.id, document: negative.document.id) ?? 0, 1)
            if negative.source == .hard {
                XCTAssertTrue(Self.firstStage.rankings[negative.query.id]!.prefix(5).contains { $0.id == negative.document.id })
            }
        }
        // Drawing every couple of the split: each query's negatives are hard (non-relevant documents of its BM25
        // top 10) as long as there are any, then judged ones.
        let positives = qrels.judgments.mapValues { $0.values.filter { $0 >= 1 }.count }
        let all = try ZeroShot.balancedPairs(dataset, split: "test", firstStage: Self.firstStage,
                                             count: 2 * positives.values.reduce(0, +), seed: 3, hardDepth: 10)
        for query in try dataset.queries("test") {
            let hardPool = Self.firstStage.rankings[query.id]!.prefix(10).filter { (qrels.grade(query: query.id, document: $0.id) ?? 0) < 1 }
            let negatives = all.filter { $0.query == query && $0.label == 0 }
            XCTAssertEqual(negatives.count, positives[query.id], query.id)
            XCTAssertEqual(negatives.filter { $0.source == .hard }.count, min(hardPool.count, positives[query.id]!), query.id)
        }
        XCTAssertTrue(all.contains { $0.source == .hard }, "BM25 supplies hard negatives")
        XCTAssertEqual(pairs, try ZeroShot.balancedPairs(dataset, split: "test", firstStage: Self.firstStage, count: 7, seed: 2, hardDepth: 5))
        for (count, split, message) in [(0, "test", "pairs ≥ 1"), (100_000, "test", "at most"), (4, "nope", "no split")] {
            XCTAssertThrowsError(try ZeroShot.balancedPairs(dataset, split: split, firstStage: Self.firstStage, count: count, seed: 1)) {
                XCTAssertTrue($0 is RerankError && "\($0)".contains(message), "\($0)")
            }
        }
        XCTAssertThrowsError(try ZeroShot.balancedPairs(dataset, split: "test", firstStage: nil, count: 2, seed: 1, hardDepth: -1))
    }

    func testBadArgumentsAndCancellationAreErrors() throws {
        let models = try fixtureModels()   // skips without the fixtures
        let (_, model, prompt) = try XCTUnwrap(models.first)
        let pairs = try ZeroShot.balancedPairs(Self.dataset, split: "test", firstStage: Self.firstStage, count: 4, seed: 1)
        func message(_ body: () throws -> Any) -> String {
            do { _ = try body(); return "no error" } catch { return (error is RerankError ? "" : "not a RerankError: ") + "\(error)" }
        }
        XCTAssertTrue(message { try ZeroShot.analyze(model: model, prompt: prompt, pairs: []) }.contains("at least 1 pair"))
        XCTAssertTrue(message { try ZeroShot.analyze(model: model, prompt: prompt, pairs: pairs, maxAnswerTokens: 0) }.contains("maxAnswerTokens"))
        XCTAssertTrue(message { try ZeroShot.analyze(model: model, prompt: prompt, pairs: pairs, examples: -1) }.contains("examples"))
        let long = TrainingPair(query: pairs[0].query, document: Document(id: "long", text: String(repeating: "word ", count: 400)),
                                label: 0, grade: 0, target: 0, source: nil)
        let roomy = try RerankPrompt(tokenizer: prompt.tokenizer, maxQueryTokens: 32, maxDocumentTokens: 1000)
        XCTAssertTrue(message { try ZeroShot.analyze(model: model, prompt: roomy, pairs: [long]) }.contains("positions"))
        var asked: [Int] = []
        XCTAssertThrowsError(try ZeroShot.analyze(model: model, prompt: prompt, pairs: pairs) { done, _ in asked.append(done); return done < 2 }) {
            XCTAssertEqual($0 as? RerankError, .cancelled(done: 2, total: 4))
        }
        XCTAssertEqual(asked, [1, 2])
        // The convenience entry draws its pairs with the parameters.
        let report = try ZeroShot.analyze(model: model, prompt: prompt, dataset: Self.dataset, split: "test", firstStage: Self.firstStage,
                                          parameters: ZeroShot.Parameters(pairs: 4, maxAnswerTokens: 2, examples: 1, seed: 1))
        XCTAssertEqual(report.pairCount, 4)
        XCTAssertEqual(report.outcomes.map(\.label), pairs.map(\.label))
        XCTAssertTrue(report.outcomes.allSatisfy { $0.completionIDs.count <= 2 })
    }

    func testOracleBeatsZeroShotFirstStageAndRandomOnTheSameCandidates() throws {
        for (name, model, prompt) in try fixtureModels() {
            let comparison = try ZeroShot.compareRankings(model: model, prompt: prompt, dataset: Self.dataset, split: "test",
                                                          firstStage: Self.firstStage, top: 5, seed: 3)
            let values = [comparison.zeroShot, comparison.firstStage, comparison.random, comparison.oracle]
            XCTAssertTrue(values.allSatisfy { $0 >= 0 && $0 <= 1 }, "\(name): \(values)")
            for other in [comparison.zeroShot, comparison.firstStage, comparison.random] {
                XCTAssertGreaterThanOrEqual(comparison.oracle, other, "\(name): \(values)")
            }
            XCTAssertEqual(comparison.metric.name, "ndcg@10")
            let testQueries = try Self.dataset.queries("test").filter { Self.firstStage.rankings[$0.id] != nil }
            XCTAssertEqual(comparison.queryCount, testQueries.count, name)
            // Every order holds the same candidates: the first stage's top 5.
            for query in testQueries {
                let candidates = Set(Self.firstStage.rankings[query.id]!.prefix(5).map(\.id))
                for order in ZeroShot.RankingComparison.Order.allCases {
                    XCTAssertEqual(Set(comparison.runs[order]!.rankings[query.id]!.map(\.id)), candidates, "\(name) \(order) \(query.id)")
                }
            }
            // The zero-shot order is the Reranker's, the first-stage order is kept, and the evaluation is evaluate's.
            let reranked = try Reranker(model: model, prompt: prompt).rerank(comparison.runs[.firstStage]!, dataset: Self.dataset, top: 5)
            XCTAssertEqual(comparison.runs[.zeroShot]!.rankings.mapValues { $0.map(\.id) }, reranked.rankings.mapValues { $0.map(\.id) }, name)
            XCTAssertEqual(comparison.runs[.firstStage]!.rankings.mapValues { $0.map(\.id) },
                           Dictionary(uniqueKeysWithValues: testQueries.map { ($0.id, Self.firstStage.rankings[$0.id]!.prefix(5).map(\.id)) }), name)
            let qrels = try Self.dataset.judgements("test")
            XCTAssertEqual(comparison.oracle, evaluate(comparison.runs[.oracle]!, qrels, metrics: [Metric(.ndcg, cutoff: 10)]).mean["ndcg@10"], name)
        }
    }

    func testComparisonArgumentsAreCheckedFirst() throws {
        let models = try fixtureModels()   // skips without the fixtures
        let (_, model, prompt) = try XCTUnwrap(models.first)
        let unknownDocument = Run(Self.firstStage.rankings.mapValues { _ in [ScoredDocument(id: "nope", score: 1)] })
        for (run, split, top, message) in [(Self.firstStage, "test", 0, "top"), (Self.firstStage, "nope", 5, "no split"),
                                           (Run(["other": []]), "test", 5, "ranks none"), (unknownDocument, "test", 5, "\"nope\"")] {
            XCTAssertThrowsError(try ZeroShot.compareRankings(model: model, prompt: prompt, dataset: Self.dataset, split: split,
                                                              firstStage: run, top: top)) {
                XCTAssertTrue($0 is RerankError && "\($0)".contains(message), "\($0)")
            }
        }
    }
}
