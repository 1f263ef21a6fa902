// Creation and the seeded generator: determinism, ranges and moments.

import XCTest
@testable import ProRankKit

final class CreationTests: XCTestCase {
    func testConstructors() {
        XCTAssertEqual(Tensor.zeros([2, 3]).scalars, Array(repeating: 0, count: 6))
        XCTAssertEqual(Tensor.ones([4]).scalars, [1, 1, 1, 1])
        XCTAssertEqual(Tensor.full([1, 2], 7).scalars, [7, 7])
        XCTAssertEqual(Tensor(3).shape, [])
        XCTAssertEqual(Tensor(3).item, 3)
        XCTAssertEqual(Tensor.arange(4).scalars, [0, 1, 2, 3])
        let t = Tensor(shape: [2, 2], data: [1, 2, 3, 4])
        XCTAssertEqual(t[1, 0], 3)
        XCTAssertEqual(Tensor.zeros([0, 5]).count, 0)
    }

    func testSeededGeneratorIsDeterministicAndWellSpread() {
        var a = SeededRNG(seed: 42), b = SeededRNG(seed: 42), c = SeededRNG(seed: 43)
        let xa = (0..<5).map { _ in a.next() }, xb = (0..<5).map { _ in b.next() }, xc = (0..<5).map { _ in c.next() }
        XCTAssertEqual(xa, xb)
        XCTAssertNotEqual(xa, xc)

        var rng = SeededRNG(seed: 7)
        let n = 20_000
        let normal = Tensor.normal([n], mean: 1, std: 2, rng: &rng).scalars.map(Double.init)
        let mean = normal.reduce(0, +) / Double(n)
        let variance = normal.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
        // Standard errors at n = 20 000: mean 2/√n ≈ 0.014, std ≈ 0.01; allow about 4 of them.
        XCTAssertEqual(mean, 1, accuracy: 0.06)
        XCTAssertEqual(variance.squareRoot(), 2, accuracy: 0.04)

        let uniform = Tensor.uniform([n], low: -3, high: 5, rng: &rng).scalars
        XCTAssertTrue(uniform.allSatisfy { $0 >= -3 && $0 < 5 })
        XCTAssertEqual(Double(uniform.reduce(0, +)) / Double(n), 1, accuracy: 0.1)   // σ/√n ≈ 0.016
    }
}
