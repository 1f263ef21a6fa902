// Score learning on the fixture models: the loss of a step has the gradient finite differences give (every loss,
// whole model trainable and last layer only), scores equal the reranker's, and a few steps on a fixed list lower
// the loss.

import XCTest
@testable import ProRankKit

final class ScoreLearningTrainerTests: XCTestCase {
    static func fixtureModels() throws -> [(name: String, model: DecoderLM, prompt: RerankPrompt)] {
        try fixtureSubfolders(fixtureFolder("models")).map { folder in
            (folder.lastPathComponent, try Checkpoint.loadHuggingFace(folder),
             try RerankPrompt(tokenizer: Tokenizer(contentsOf: folder.appendingPathComponent("tokenizer.json")), maxDocumentTokens: 24))
        }
    }

    /// Lists of 1 positive + 3 negatives with grades 2, 1, 0, 0 (so graded losses see three levels).
    static func lists(_ count: Int) -> [TrainingList] {
        (0..<count).map { q in
            let documents = ["sorted lists and bisection", "arrays of numbers", "socket servers", "email parsing"].enumerated().map {
                Document(id: "d\(q)-\($0.offset)", text: $0.element + " \(q)")
            }
            return TrainingList(query: Query(id: "q\(q)", text: "how to keep a list sorted \(q)"), documents: documents,
                                grades: [2, 1, 0, 0], targets: [1, 0.5, 0, 0], negativeSources: [.hard, .random, .random])
        }
    }

    func testStepLossGradientMatchesFiniteDifferences() throws {
        for (name, model, prompt) in try Self.fixtureModels() {
            for (loss, trainable) in [(ScoreLoss.listwise, Trainable.all), (.pointwise, .lastLayers(1)), (.pairwise, .all), (.graded, .lastLayers(1))] {
                var p = ScoreLearningParameters()
                (p.loss, p.trainable) = (loss, trainable)
                let trainer = try ScoreLearningTrainer(model: model, prompt: prompt, lists: Self.lists(2), parameters: p)
                let list = Self.lists(1)[0]
                let prompts = list.documents.map { prompt.ids(query: list.query.text, document: $0.content) }
                let norm = try XCTUnwrap(trainer.policy.parameters["model.norm.weight"])
                let report = GradCheck.check([norm], epsilon: 1e-2) { _ in
                    loss.loss(scores: try! trainer.scores(prompts: prompts), listSizes: [prompts.count], targets: trainer.targets(list))
                }
                XCTAssertTrue(report.passed, "\(name) \(loss) \(trainable.summary): \(report)")
            }
        }
    }

    func testScoresEqualTheRerankersScores() throws {
        for (name, model, prompt) in try Self.fixtureModels() {
            let trainer = try ScoreLearningTrainer(model: model, prompt: prompt, lists: Self.lists(1), parameters: ScoreLearningParameters())
            let list = Self.lists(1)[0]
            let prompts = list.documents.map { prompt.ids(query: list.query.text, document: $0.content) }
            let ours = try withoutGrad { try trainer.scores(prompts: prompts) }.scalars
            let reranker = try Reranker(model: model, prompt: prompt, batchSize: 1).scores(prompts: prompts)
            for (a, b) in zip(ours, reranker) { XCTAssertEqual(a, b, accuracy: 1e-4 * max(1, abs(b)), name) }
        }
    }

    /// `.lastLayers(n)` caches the frozen trunk's output per prompt: the scores (and their gradients' effect on
    /// training) equal the uncached computation; a second pass hits the cache; entries spilled to disk read back
    /// identically; a Reranker of the trained model can use the trainer's cache.
    func testTrunkCacheGivesTheUncachedScores() throws {
        for (name, model, prompt) in try Self.fixtureModels() {
            var cached = ScoreLearningParameters(), plain = ScoreLearningParameters()
            (cached.trainable, plain.trainable, plain.trunkCacheBytes) = (.lastLayers(1), .lastLayers(1), 0)
            cached.trunkCacheBytes = 0 + 1   // one byte: every entry but the one in use is spilled
            (cached.steps, plain.steps, cached.learningRate, plain.learningRate) = (4, 4, 1e-3, 1e-3)
            let a = try ScoreLearningTrainer(model: model, prompt: prompt, lists: Self.lists(2), parameters: cached)
            let b = try ScoreLearningTrainer(model: model, prompt: prompt, lists: Self.lists(2), parameters: plain)
            let cache = try XCTUnwrap(a.trunkCache)
            XCTAssertNil(b.trunkCache)
            try a.train()
            try b.train()
            for (x, y) in zip(a.log["loss"], b.log["loss"]) { XCTAssertEqual(x, y, accuracy: 1e-5 * max(1, abs(y)), "\(name) loss") }
            XCTAssertEqual(cache.misses, 8, name)   // 2 lists × 4 prompts, computed once
            XCTAssertEqual(cache.hits, 24, name)    // and read again: 4 steps × 2 lists × 4 prompts in all
            XCTAssertGreaterThan(cache.spilled, 0, name)
            let list = Self.lists(1)[0]
            let prompts = list.documents.map { prompt.ids(query: list.query.text, document: $0.content) }
            let withCache = try Reranker(model: a.model, prompt: prompt, batchSize: 3, trunkCache: cache).scores(prompts: prompts)
            let without = try Reranker(model: a.model, prompt: prompt, batchSize: 3).scores(prompts: prompts)
            for (x, y) in zip(withCache, without) { XCTAssertEqual(x, y, accuracy: 1e-4 * max(1, abs(y)), "\(name) reranker") }
            // Another policy trained from the same start with the same frozen layers shares them; a fully trained
            // copy does not.
            XCTAssertNoThrow(try Reranker(model: b.model, prompt: prompt, trunkCache: cache), name)
            let copied = try TrainingPolicy(model, trainable: .all, seed: 0).model
            XCTAssertThrowsError(try Reranker(model: copied, prompt: prompt, trunkCache: cache), "\(name): a copy's layers are not shared")
        }
    }

    func testTrainingLowersTheLossAndLeavesTheStartingModelUnchanged() throws {
        let (name, model, prompt) = try XCTUnwrap(Self.fixtureModels().first)
        let before = model.parameters.tensors.map(\.scalars)
        var p = ScoreLearningParameters()
        (p.steps, p.listsPerStep, p.learningRate, p.trainable) = (12, 1, 3e-3, .lastLayers(1))
        let trainer = try ScoreLearningTrainer(model: model, prompt: prompt, lists: Self.lists(1), parameters: p)
        let log = try trainer.train()
        let (first, last) = (try XCTUnwrap(log.mean("loss", first: 3)), try XCTUnwrap(log.mean("loss", last: 3)))
        XCTAssertLessThan(last, first, "\(name): loss \(log["loss"])")
        XCTAssertEqual(model.parameters.tensors.map(\.scalars), before, "the starting model changed")
    }

    func testBadInputFailsBeforeAnyWork() throws {
        let (_, model, prompt) = try XCTUnwrap(Self.fixtureModels().first)
        XCTAssertThrowsError(try ScoreLearningTrainer(model: model, prompt: prompt, lists: [], parameters: ScoreLearningParameters()))
        var p = ScoreLearningParameters()
        p.listsPerStep = 0
        XCTAssertThrowsError(try ScoreLearningTrainer(model: model, prompt: prompt, lists: Self.lists(1), parameters: p)) {
            XCTAssertTrue("\($0)".contains("listsPerStep"))
        }
        let single = TrainingList(query: Query(id: "q", text: "q"), documents: [Document(id: "d", text: "d")], grades: [1], targets: [1], negativeSources: [])
        XCTAssertThrowsError(try ScoreLearningTrainer(model: model, prompt: prompt, lists: [single], parameters: ScoreLearningParameters())) {
            XCTAssertTrue("\($0)".contains("no negative"))
        }
    }
}
