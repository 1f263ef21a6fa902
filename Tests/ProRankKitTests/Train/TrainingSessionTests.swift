// Checkpoints, resume and run recording shared by every trainer: a run stopped mid-way and resumed from its last
// checkpoint ends with exactly the parameters, optimiser state and log of an uninterrupted run (GRPO and score
// learning); the run store records params, per-step metrics and checkpoint artifacts with their sha256.

import XCTest
@testable import ProRankKit

final class TrainingSessionTests: XCTestCase {
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("prorank-session-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    private func grpo(_ model: DecoderLM, _ prompt: RerankPrompt, steps: Int) throws -> GRPOTrainer {
        var p = GRPOParameters()
        (p.steps, p.groupSize, p.promptsPerStep, p.maxNewTokens, p.learningRate, p.seed, p.iterations) = (5, 4, 2, 2, 1e-3, 7, 2)
        p.steps = steps
        p.trainable = .lastLayers(1)
        let pairs = ScoreLearningTrainerTests.lists(3).flatMap { list in
            [TrainingPair(query: list.query, document: list.documents[0], label: 1, grade: 1, target: 1, source: nil),
             TrainingPair(query: list.query, document: list.documents[2], label: 0, grade: 0, target: 0, source: .random)]
        }
        return try GRPOTrainer(model: model, prompt: prompt, pairs: pairs, rewards: [.format, .accuracy], parameters: p)
    }

    private func scoreLearning(_ model: DecoderLM, _ prompt: RerankPrompt, steps: Int) throws -> ScoreLearningTrainer {
        var p = ScoreLearningParameters()
        (p.steps, p.listsPerStep, p.learningRate, p.seed) = (steps, 1, 1e-3, 3)
        return try ScoreLearningTrainer(model: model, prompt: prompt, lists: ScoreLearningTrainerTests.lists(3), parameters: p)
    }

    private func assertResumeMatches(_ make: (Int) throws -> any StepTrainer, file: StaticString = #filePath, line: UInt = #line) throws {
        let whole = try make(5)
        try whole.train()
        let folder = try temporaryDirectory()
        let options = TrainingOptions(checkpointDirectory: folder, checkpointEvery: 2)
        let first = try make(5)
        XCTAssertThrowsError(try first.train(options: options) { $0.step < 3 }) {   // stops after step 3
            XCTAssertEqual($0 as? TrainingError, .cancelled(completedSteps: 3), file: file, line: line)
        }
        let second = try make(5)
        var resumed = options
        resumed.resume = true
        try second.train(options: resumed)
        XCTAssertEqual(second.completedSteps, 5, file: file, line: line)
        XCTAssertEqual(second.log, whole.log, file: file, line: line)
        for ((name, a), b) in zip(second.trainedParameters.named, whole.trainedParameters.tensors) {
            XCTAssertEqual(a.scalars, b.scalars, "\(name) differs after resuming", file: file, line: line)
        }
        XCTAssertEqual(second.optimizer.stepCount, whole.optimizer.stepCount, file: file, line: line)
    }

    func testResumedGRPOEqualsUninterrupted() throws {
        let (_, model, prompt) = try XCTUnwrap(ScoreLearningTrainerTests.fixtureModels().first)
        try assertResumeMatches { try self.grpo(model, prompt, steps: $0) }
    }

    func testResumedScoreLearningEqualsUninterrupted() throws {
        let (_, model, prompt) = try XCTUnwrap(ScoreLearningTrainerTests.fixtureModels().first)
        try assertResumeMatches { try self.scoreLearning(model, prompt, steps: $0) }
    }

    func testResumeRefusesOtherSettingsOrKind() throws {
        let (_, model, prompt) = try XCTUnwrap(ScoreLearningTrainerTests.fixtureModels().first)
        let folder = try temporaryDirectory()
        try scoreLearning(model, prompt, steps: 2).train(options: TrainingOptions(checkpointDirectory: folder))
        let other = try scoreLearning(model, prompt, steps: 4)
        other.optimizer.config.learningRate = 1   // not a setting: the recorded learningRate still matches
        var p = ScoreLearningParameters()
        (p.steps, p.listsPerStep, p.learningRate, p.seed) = (4, 1, 5e-3, 3)
        let changed = try ScoreLearningTrainer(model: model, prompt: prompt, lists: ScoreLearningTrainerTests.lists(3), parameters: p)
        XCTAssertThrowsError(try changed.train(options: TrainingOptions(checkpointDirectory: folder, resume: true))) {
            XCTAssertTrue("\($0)".contains("learningRate"), "\($0)")
        }
        XCTAssertThrowsError(try grpo(model, prompt, steps: 3).train(options: TrainingOptions(checkpointDirectory: folder, resume: true))) {
            XCTAssertTrue("\($0)".contains("score-learning checkpoint"), "\($0)")
        }
    }

    /// A loss that turns NaN stops training with a message naming the step; the last good checkpoint stays the
    /// latest, and the run is recorded as failed.
    func testNonFiniteLossStopsAndKeepsTheLastGoodCheckpoint() throws {
        let (_, model, prompt) = try XCTUnwrap(ScoreLearningTrainerTests.fixtureModels().first)
        let folder = try temporaryDirectory()
        let store = try RunStore(path: folder.appendingPathComponent("runs.sqlite").path)
        let trainer = try scoreLearning(model, prompt, steps: 5)
        let options = TrainingOptions(checkpointDirectory: folder.appendingPathComponent("ckpt"), checkpointEvery: 1, store: store)
        XCTAssertThrowsError(try trainer.train(options: options) { progress in
            if progress.step == 2 { trainer.trainedParameters["model.norm.weight"]!.storage.base[0] = .nan }   // poison after step 2
            return true
        }) { error in
            XCTAssertEqual(error as? TrainingError, .nonFinite(step: 3, what: "the listwise loss"))
            XCTAssertTrue("\(error)".contains("last good checkpoint"), "\(error)")
        }
        XCTAssertEqual(try TrainingCheckpoints(directory: folder.appendingPathComponent("ckpt")).latest()?.lastPathComponent, "step-000002")
        XCTAssertEqual(try store.runs(kind: "score-learning").first?.status, .failed)
    }

    func testRunIsRecordedWithMetricsAndCheckpointArtifacts() throws {
        let (_, model, prompt) = try XCTUnwrap(ScoreLearningTrainerTests.fixtureModels().first)
        let folder = try temporaryDirectory()
        let store = try RunStore(path: folder.appendingPathComponent("runs.sqlite").path)
        let trainer = try scoreLearning(model, prompt, steps: 3)
        try trainer.train(options: TrainingOptions(checkpointDirectory: folder.appendingPathComponent("ckpt"), checkpointEvery: 2,
                                                   store: store, runName: "stage 2"))
        let run = try XCTUnwrap(store.runs(kind: "score-learning").first)
        XCTAssertEqual(run.status, .finished)
        XCTAssertEqual(run.name, "stage 2")
        XCTAssertEqual(run.params["loss"], .string("listwise"))
        XCTAssertEqual(try store.metrics(run: run.id, name: "loss").map(\.value), trainer.log["loss"])
        let artifacts = try store.artifacts(run: run.id)
        XCTAssertEqual(artifacts.count, 2 * TrainingCheckpoints.files.count)   // steps 2 and 3
        for artifact in artifacts { XCTAssertEqual(artifact.sha256, try SHA256.hash(contentsOf: URL(fileURLWithPath: artifact.path))) }

        let failing = try scoreLearning(model, prompt, steps: 3)
        XCTAssertThrowsError(try failing.train(options: TrainingOptions(store: store)) { _ in false })
        XCTAssertEqual(try store.runs(kind: "score-learning").first?.status, .failed)
    }
}
