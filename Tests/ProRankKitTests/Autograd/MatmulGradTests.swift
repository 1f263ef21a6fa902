// Finite-difference checks of matmul: 2-D, batched, shared 2-D operands, every transpose combination.

import XCTest
@testable import ProRankKit

final class MatmulGradTests: XCTestCase {
    func testTwoDimensionalAllTransposes() {
        var r = TestInputs(seed: 30)
        let (m, k, n) = (r.dim(), r.dim(3...9), r.dim())
        for ta in [false, true] {
            for tb in [false, true] {
                let a = r.param(ta ? [k, m] : [m, k]), b = r.param(tb ? [n, k] : [k, n])
                assertGradientsMatch([a, b]) { $0[0].matmul($0[1], transposeA: ta, transposeB: tb) }
            }
        }
    }

    func testBatchedAndShared() {
        var r = TestInputs(seed: 31)
        let (bs, m, k, n) = (r.dim(2...3), r.dim(), r.dim(3...9), r.dim())
        for ta in [false, true] {
            for tb in [false, true] {
                let a3 = r.param(ta ? [bs, k, m] : [bs, m, k]), b3 = r.param(tb ? [bs, n, k] : [bs, k, n])
                let a2 = r.param(ta ? [k, m] : [m, k]), b2 = r.param(tb ? [n, k] : [k, n])
                assertGradientsMatch([a3, b3]) { $0[0].matmul($0[1], transposeA: ta, transposeB: tb) }
                assertGradientsMatch([a3, b2]) { $0[0].matmul($0[1], transposeA: ta, transposeB: tb) }
                assertGradientsMatch([a2, b3]) { $0[0].matmul($0[1], transposeA: ta, transposeB: tb) }
            }
        }
        let a4 = r.param([2, bs, m, k]), w = r.param([n, k])
        assertGradientsMatch([a4, w]) { $0[0].matmul($0[1], transposeB: true) }
    }
}
