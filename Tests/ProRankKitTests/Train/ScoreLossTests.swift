// Score-learning losses against fixtures/scorelearn (torch autograd in float64): for every problem and every
// named loss, the scores s = z[id1] − z[id0], the loss, its per-item terms and d loss / d logits of every
// candidate. Inputs, ids and expected values come from cases.json; the reference's eight loss names map onto
// the four kernel losses with targets grade / maxGrade (binary lists are the maxGrade = 1 case).
//
// Tolerances: 1e-5 relative (floor 1e-5) on the loss and terms; 1e-5 absolute on gradients.

import XCTest
@testable import ProRankKit

final class ScoreLossTests: XCTestCase {
    private static let kernelLoss: [String: ScoreLoss] = [
        "pointwise_bce": .pointwise, "pointwise_bce_soft_graded": .pointwise,
        "listwise_softmax_ce": .listwise, "listwise_softmax_ce_graded": .listwise,
        "pairwise_ranknet": .pairwise, "pairwise_ranknet_graded": .pairwise,
        "mse_sigmoid": .graded, "mse_sigmoid_graded": .graded,
    ]

    func testEveryLossMatchesTorch() throws {
        let url = try fixtureFolder("scorelearn").appendingPathComponent("cases.json")
        var checked = 0
        for problem in JSONValueReader(try readJSON(url))["problems"].array {
            let name = problem["name"].string ?? "?"
            let (v, id0, id1) = (problem["V"].int!, problem["id0"].int!, problem["id1"].int!)
            let maxGrade = Double(problem["max_grade"].int ?? 1)
            let lists = problem["inputs"]["final_logits"].array
            let listSizes = lists.map { $0.array.count }
            let logitValues = lists.flatMap { $0.array.flatMap(\.floats) }
            let targets = problem["inputs"]["labels"].array.flatMap(\.ints).map { Double($0) / maxGrade }
            let candidates = listSizes.reduce(0, +)
            XCTAssertEqual(logitValues.count, candidates * v, name)
            let expectedScores = problem["scores"].array.flatMap(\.doubles)

            for lossName in problem["losses"].keys {
                let kernel = try XCTUnwrap(Self.kernelLoss[lossName], "unknown loss \(lossName) in the fixture")
                let expected = problem["losses"][lossName]
                let logits = Tensor(shape: [candidates, v], data: logitValues, requiresGrad: true)
                let scores = logits.relevanceScores(one: id1, zero: id0)
                for (i, (s, e)) in zip(scores.scalars, expectedScores).enumerated() {
                    XCTAssertEqual(Double(s), e, accuracy: 1e-5 * max(1, abs(e)), "\(name) score \(i)")
                }
                let loss = kernel.loss(scores: scores, listSizes: listSizes, targets: targets)
                let want = expected["loss"].double!
                XCTAssertEqual(Double(loss.item), want, accuracy: 1e-5 * max(1, abs(want)), "\(name) \(lossName) loss")
                let terms = kernel.evaluate(scores: scores.scalars.map(Double.init), listSizes: listSizes, targets: targets).perItem
                let wantTerms = expected["per_item"].doubles
                XCTAssertEqual(terms.count, wantTerms.count, "\(name) \(lossName) terms")
                for (i, (a, e)) in zip(terms, wantTerms).enumerated() {
                    XCTAssertEqual(a, e, accuracy: 1e-5 * max(1, abs(e)), "\(name) \(lossName) term \(i)")
                }
                loss.backward()
                let grad = try XCTUnwrap(logits.grad).scalars
                let wantGrad = expected["grad_logits"].array.flatMap { $0.array.flatMap(\.doubles) }
                XCTAssertEqual(grad.count, wantGrad.count)
                for (i, (a, e)) in zip(grad, wantGrad).enumerated() {
                    XCTAssertEqual(Double(a), e, accuracy: 1e-5, "\(name) \(lossName) d loss / d logits[\(i / v)][\(i % v)]")
                }
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 0, "no score-learning case in the fixtures")
    }

    /// With one negative per list, listwise softmax CE equals RankNet (a property that holds for any scores).
    func testListwiseEqualsPairwiseWithOneNegative() {
        var rng = SeededRNG(seed: 3)
        let scores = (0..<8).map { _ in rng.uniform(-3, 3) }
        let targets = (0..<8).map { $0 % 2 == 0 ? 1.0 : 0.0 }
        let sizes = Array(repeating: 2, count: 4)
        let listwise = ScoreLoss.listwise.evaluate(scores: scores, listSizes: sizes, targets: targets)
        let pairwise = ScoreLoss.pairwise.evaluate(scores: scores, listSizes: sizes, targets: targets)
        XCTAssertEqual(listwise.loss, pairwise.loss, accuracy: 1e-12)
        for (a, b) in zip(listwise.gradient, pairwise.gradient) { XCTAssertEqual(a, b, accuracy: 1e-12) }
    }
}
