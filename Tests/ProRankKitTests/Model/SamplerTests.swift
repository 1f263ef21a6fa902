// Token sampling: greedy, seeded determinism, top-k / top-p restrictions, and the sampling distribution.

import XCTest
@testable import ProRankKit

final class SamplerTests: XCTestCase {
    private let logits: [Float] = [1.0, 3.0, 2.5, -1.0, 3.0, 0.0]

    func testGreedyTakesTheFirstMaximum() {
        var s = Sampler.greedy
        XCTAssertEqual(s.sample(logits), 1)
    }

    func testSeededSamplingIsReproducible() {
        var a = Sampler(temperature: 1, seed: 9), b = Sampler(temperature: 1, seed: 9), c = Sampler(temperature: 1, seed: 10)
        let xa = (0..<50).map { _ in a.sample(logits) }, xb = (0..<50).map { _ in b.sample(logits) }
        let xc = (0..<50).map { _ in c.sample(logits) }
        XCTAssertEqual(xa, xb)
        XCTAssertNotEqual(xa, xc)
    }

    func testTopKAndTopPRestrictTheCandidates() {
        var k2 = Sampler(temperature: 1, topK: 2, seed: 1)
        XCTAssertEqual(Set((0..<300).map { _ in k2.sample(logits) }), [1, 4], "top-2 keeps the two tied maxima")
        // softmax mass of {1, 4} is 2e³/(Σ) ≈ 0.68: top-p 0.6 keeps exactly those two, 0.3 only the first of them.
        var p6 = Sampler(temperature: 1, topP: 0.6, seed: 2)
        XCTAssertEqual(Set((0..<300).map { _ in p6.sample(logits) }), [1, 4])
        var p3 = Sampler(temperature: 1, topP: 0.3, seed: 3)
        XCTAssertEqual(Set((0..<100).map { _ in p3.sample(logits) }), [1])
    }

    func testSampleFrequenciesFollowTheSoftmax() {
        let temperature: Float = 0.7
        var s = Sampler(temperature: temperature, seed: 4)
        let n = 40_000
        var counts = [Int](repeating: 0, count: logits.count)
        for _ in 0..<n { counts[s.sample(logits)] += 1 }
        let weights = logits.map { Foundation.exp(Double($0 / temperature)) }, total = weights.reduce(0, +)
        for i in logits.indices {
            let p = weights[i] / total, observed = Double(counts[i]) / Double(n)
            // 5 standard errors of a binomial proportion.
            XCTAssertEqual(observed, p, accuracy: 5 * (p * (1 - p) / Double(n)).squareRoot() + 1e-4, "token \(i)")
        }
    }
}

import Foundation
