// The SFT baseline on the fixture models: its loss is the label token's cross-entropy at the prompt's last position
// (checked against a direct computation), training lowers it, and bad input fails before any work.

import XCTest
@testable import ProRankKit

final class SFTTrainerTests: XCTestCase {
    private func pairs() -> [TrainingPair] {
        let lists = ScoreLearningTrainerTests.lists(2)
        return lists.flatMap { list in
            [TrainingPair(query: list.query, document: list.documents[0], label: 1, grade: 2, target: 1, source: nil),
             TrainingPair(query: list.query, document: list.documents[3], label: 0, grade: 0, target: 0, source: .random)]
        }
    }

    func testFirstStepLossIsTheLabelTokensCrossEntropyAndTrainingLowersIt() throws {
        for (name, model, prompt) in try ScoreLearningTrainerTests.fixtureModels() {
            var p = SFTParameters()
            (p.steps, p.pairsPerStep, p.learningRate, p.balanced, p.seed) = (15, 4, 3e-3, false, 1)
            let trainer = try SFTTrainer(model: model, prompt: prompt, pairs: pairs(), parameters: p)
            // Step 1 sees the first epoch's shuffle of all 4 pairs: its loss is the mean over all of them.
            let expected = try pairs().map { pair -> Double in
                let ids = prompt.ids(query: pair.query.text, document: pair.document.content)
                let z = withoutGrad { model.logits(model.forward([ids]).hidden, positions: [ids.count - 1]) }.scalars.map { Double($0) }
                let m = z.max()!, lse = m + log(z.reduce(0) { $0 + exp($1 - m) })
                return lse - z[pair.label == 1 ? prompt.oneID : prompt.zeroID]
            }.reduce(0, +) / 4
            try trainer.train()
            XCTAssertEqual(trainer.log["loss"][0], expected, accuracy: 1e-4 * max(1, expected), name)
            XCTAssertLessThan(try XCTUnwrap(trainer.log.mean("loss", last: 3)), try XCTUnwrap(trainer.log.mean("loss", first: 3)), name)
        }
    }

    func testBadInputFailsBeforeAnyWork() throws {
        let (_, model, prompt) = try XCTUnwrap(ScoreLearningTrainerTests.fixtureModels().first)
        var p = SFTParameters()
        p.pairsPerStep = 0
        XCTAssertThrowsError(try SFTTrainer(model: model, prompt: prompt, pairs: pairs(), parameters: p))
        XCTAssertThrowsError(try SFTTrainer(model: model, prompt: prompt, pairs: [], parameters: SFTParameters()))
        XCTAssertThrowsError(try SFTTrainer(model: model, prompt: prompt, pairs: pairs().filter { $0.label == 0 }, parameters: SFTParameters())) {
            XCTAssertTrue("\($0)".contains("balanced"))
        }
    }
}
