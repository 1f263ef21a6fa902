// Shared helpers for kernel tests: seeded random inputs, gradient assertions, element comparisons.

import XCTest
@testable import ProRankKit

/// Random inputs for tests; every test seeds its own generator so failures reproduce.
struct TestInputs {
    var rng: SeededRNG

    init(seed: UInt64) { rng = SeededRNG(seed: seed) }

    /// A dimension in `range`, drawn so that shapes vary and include non-multiples of the SIMD width.
    mutating func dim(_ range: ClosedRange<Int> = 2...7) -> Int {
        range.lowerBound + Int(rng.next() % UInt64(range.count))
    }

    /// N(0, std²) values that take part in autodiff.
    mutating func param(_ shape: [Int], std: Float = 1) -> Tensor {
        let t = Tensor.normal(shape, std: std, rng: &rng)
        t.requiresGrad = true
        return t
    }

    /// Values in [low, high) that take part in autodiff.
    mutating func positive(_ shape: [Int], _ low: Float = 0.5, _ high: Float = 2) -> Tensor {
        let t = Tensor.uniform(shape, low: low, high: high, rng: &rng)
        t.requiresGrad = true
        return t
    }

    /// Values at least `gap` away from zero (for ops with a kink at 0, so ±ε never crosses it).
    mutating func awayFromZero(_ shape: [Int], gap: Float = 0.1) -> Tensor {
        let t = Tensor.normal(shape, rng: &rng)
        for i in 0..<t.count {
            let x = t.storage.base[i]
            t.storage.base[i] = x < 0 ? x - gap : x + gap
        }
        t.requiresGrad = true
        return t
    }

    /// Values whose pairwise gaps along the last axis exceed 2ε, so argmax does not flip under ±ε.
    mutating func distinct(_ shape: [Int]) -> Tensor {
        let n = shape.elementCount
        var values = (0..<n).map { Float($0) * 0.1 }
        values.shuffle(using: &rng)
        let t = Tensor(shape: shape, data: values)
        t.requiresGrad = true
        return t
    }

    mutating func ints(_ n: Int, below bound: Int) -> [Int] {
        (0..<n).map { _ in Int(rng.next() % UInt64(bound)) }
    }
}

/// Asserts that autodiff gradients of `f` match central finite differences (GradCheck's default tolerance:
/// |a − n| ≤ 2e-3 + 1e-2·|n|, ε = 1e-2).
func assertGradientsMatch(
    _ inputs: [Tensor], file: StaticString = #filePath, line: UInt = #line, _ f: @escaping ([Tensor]) -> Tensor
) {
    let report = GradCheck.check(inputs, f)
    XCTAssertTrue(report.passed, report.description, file: file, line: line)
}

/// Asserts elementwise |a − b| ≤ tolerance and equal shapes.
func assertClose(
    _ a: Tensor, _ b: Tensor, tolerance: Float, file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(a.shape, b.shape, "shapes differ", file: file, line: line)
    guard a.shape == b.shape else { return }
    var worst: Float = 0, at = 0
    for i in 0..<a.count {
        let d = abs(a.storage.base[i] - b.storage.base[i])
        if !(d <= worst) { worst = d; at = i }
    }
    XCTAssertLessThanOrEqual(worst, tolerance, "max |a − b| at element \(at): \(a.storage.base[at]) vs \(b.storage.base[at])", file: file, line: line)
}

func assertClose(_ a: [Float], _ b: [Float], tolerance: Float, file: StaticString = #filePath, line: UInt = #line) {
    assertClose(Tensor(shape: [a.count], data: a), Tensor(shape: [b.count], data: b), tolerance: tolerance, file: file, line: line)
}
