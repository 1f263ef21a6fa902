// The tape itself: accumulation, shared subexpressions, no-grad scopes, and that GradCheck can fail.

import XCTest
@testable import ProRankKit

final class TapeTests: XCTestCase {
    func testGradientsAccumulateAcrossCallsUntilZeroed() {
        let x = Tensor(shape: [3], data: [1, 2, 3], requiresGrad: true)
        (x * x).sum().backward()           // d/dx Σx² = 2x
        XCTAssertEqual(x.grad?.scalars, [2, 4, 6])
        (x * x).sum().backward()
        XCTAssertEqual(x.grad?.scalars, [4, 8, 12])
        x.zeroGrad()
        XCTAssertNil(x.grad)
        x.sum().backward()
        XCTAssertEqual(x.grad?.scalars, [1, 1, 1])
    }

    func testSharedSubexpressionSumsBothPaths() {
        let x = Tensor(shape: [2], data: [0.5, -1.5], requiresGrad: true)
        let y = x.tanh()
        (y * y + y).sum().backward()       // d/dx = (2y + 1)(1 − y²)
        let expected = [Float(0.5), -1.5].map { v -> Float in let t = Foundation.tanh(v); return (2 * t + 1) * (1 - t * t) }
        assertClose(x.grad!.scalars, expected, tolerance: 1e-6)
    }

    func testIdentityGradientsToTwoLeavesDoNotAlias() {
        let a = Tensor(shape: [2], data: [1, 2], requiresGrad: true)
        let b = Tensor(shape: [2], data: [3, 4], requiresGrad: true)
        (a + b).sum().backward()
        (a * 2).sum().backward()           // must change a.grad only
        XCTAssertEqual(a.grad?.scalars, [3, 3])
        XCTAssertEqual(b.grad?.scalars, [1, 1])
    }

    func testNoGradScopeRecordsNothing() {
        let w = Tensor(shape: [2, 2], data: [1, 2, 3, 4], requiresGrad: true)
        let y = withoutGrad { (w.matmul(w) + w).exp() }
        XCTAssertNil(y.gradNode)
        XCTAssertFalse(y.tracksGrad)
        XCTAssertTrue(GradMode.enabled)
        let z = w.matmul(w)
        XCTAssertNotNil(z.gradNode)
    }

    func testDetachedStopsGradient() {
        let x = Tensor(shape: [2], data: [1, 2], requiresGrad: true)
        (x * x.detached()).sum().backward()
        XCTAssertEqual(x.grad?.scalars, [1, 2])
    }

    func testGradCheckRejectsAWrongGradient() {
        // sin with the derivative of cos: GradCheck must report it.
        func brokenSin(_ x: Tensor) -> Tensor {
            let out = x.map { Foundation.sin($0) }
            return Tensor.record(out, op: "brokenSin", inputs: [x]) { g, _ in [g * x.map { -Foundation.sin($0) }] }
        }
        var r = TestInputs(seed: 50)
        let x = r.param([5])
        let report = GradCheck.check([x]) { brokenSin($0[0]) }
        XCTAssertFalse(report.passed)
        XCTAssertEqual(report.mismatches.count, 5, report.description)
        // The same op with the right derivative passes.
        func sin(_ x: Tensor) -> Tensor {
            Tensor.record(x.map { Foundation.sin($0) }, op: "sin", inputs: [x]) { g, _ in [g * x.map { Foundation.cos($0) }] }
        }
        XCTAssertTrue(GradCheck.check([x]) { sin($0[0]) }.passed)
    }

    func testDeepChainDoesNotOverflowTheStack() {
        let x = Tensor(shape: [1], data: [0.1], requiresGrad: true)
        var y = x
        for _ in 0..<20_000 { y = y.shifted(0) }
        y.sum().backward()
        XCTAssertEqual(x.grad?.scalars, [1])
    }
}

import Foundation
