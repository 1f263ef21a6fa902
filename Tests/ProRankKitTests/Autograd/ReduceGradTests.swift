// Finite-difference checks of reductions and softmax/log-softmax.

import XCTest
@testable import ProRankKit

final class ReduceGradTests: XCTestCase {
    func testAxisReductions() {
        var r = TestInputs(seed: 10)
        let shape = [r.dim(), r.dim(3...9), r.dim()]
        let x = r.param(shape)
        for axis in [0, 1, 2, -1] {
            for keep in [false, true] {
                assertGradientsMatch([x]) { $0[0].sum(axis: axis, keepDims: keep) }
                assertGradientsMatch([x]) { $0[0].mean(axis: axis, keepDims: keep) }
            }
        }
        let d = r.distinct(shape)
        for axis in [0, 1, 2] { assertGradientsMatch([d]) { $0[0].max(axis: axis) } }
    }

    func testFullReductions() {
        var r = TestInputs(seed: 11)
        let x = r.param([r.dim(), r.dim(5...17)])
        assertGradientsMatch([x]) { $0[0].sum() }
        assertGradientsMatch([x]) { $0[0].mean() }
    }

    func testSoftmaxAndLogSoftmax() {
        var r = TestInputs(seed: 12)
        let x = r.param([r.dim(), r.dim(), r.dim(5...19)])
        assertGradientsMatch([x]) { $0[0].softmax() }
        assertGradientsMatch([x]) { $0[0].logSoftmax() }
    }

    func testSoftmaxGradientWithMaskedEntries() {
        var r = TestInputs(seed: 13)
        let (rows, n) = (r.dim(), r.dim(5...9))
        let x = r.param([rows, n])
        var maskValues = [Float](repeating: 0, count: rows * n)
        for i in 0..<rows { maskValues[i * n + (i % n)] = -.infinity }
        let mask = Tensor(shape: [rows, n], data: maskValues)
        assertGradientsMatch([x]) { ($0[0] + mask).softmax() }
        // log-softmax is −∞ at masked entries; check the finite ones through a product with the softmax.
        assertGradientsMatch([x]) { ($0[0] + mask).softmax() * ($0[0] + mask).softmax().shifted(1).log() }
    }
}
