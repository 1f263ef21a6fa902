// Finite-difference checks of every elementwise op, with broadcasting on odd, random shapes.

import XCTest
@testable import ProRankKit

final class ElementwiseGradTests: XCTestCase {
    func testBinaryOpsSameShape() {
        var r = TestInputs(seed: 1)
        let shape = [r.dim(), r.dim(3...9)]
        let a = r.param(shape), b = r.param(shape), c = r.positive(shape)
        assertGradientsMatch([a, b]) { $0[0] + $0[1] }
        assertGradientsMatch([a, b]) { $0[0] - $0[1] }
        assertGradientsMatch([a, b]) { $0[0] * $0[1] }
        assertGradientsMatch([a, c]) { $0[0] / $0[1] }
    }

    func testBinaryOpsBroadcasting() {
        var r = TestInputs(seed: 2)
        let (m, n, k) = (r.dim(), r.dim(3...9), r.dim())
        let cases: [([Int], [Int])] = [([m, n], [n]), ([n], [m, n]), ([m, 1], [1, n]), ([k, m, n], [m, 1]), ([k, 1, n], [m, n]), ([m, n], [])]
        for (sa, sb) in cases {
            let a = r.param(sa), b = r.param(sb), pb = r.positive(sb)
            assertGradientsMatch([a, b]) { $0[0] + $0[1] }
            assertGradientsMatch([a, b]) { $0[0] - $0[1] }
            assertGradientsMatch([a, b]) { $0[0] * $0[1] }
            assertGradientsMatch([a, pb]) { $0[0] / $0[1] }
        }
    }

    func testScalarForms() {
        var r = TestInputs(seed: 3)
        let x = r.param([r.dim(), r.dim(3...11)])
        assertGradientsMatch([x]) { $0[0].scaled(-1.7) }
        assertGradientsMatch([x]) { $0[0].shifted(0.3) }
        assertGradientsMatch([x]) { 2 * $0[0] - 1 }
        assertGradientsMatch([x]) { -$0[0] / 4 }
    }

    func testUnaryOps() {
        var r = TestInputs(seed: 4)
        let shape = [r.dim(), r.dim(5...13)]
        let x = r.param(shape), p = r.positive(shape), z = r.awayFromZero(shape)
        assertGradientsMatch([x]) { $0[0].exp() }
        assertGradientsMatch([p]) { $0[0].log() }
        assertGradientsMatch([x]) { $0[0].tanh() }
        assertGradientsMatch([x]) { $0[0].sigmoid() }
        assertGradientsMatch([x]) { $0[0].silu() }
        assertGradientsMatch([z]) { $0[0].relu() }
        assertGradientsMatch([p]) { $0[0].sqrt() }
        assertGradientsMatch([p]) { $0[0].pow(1.5) }
        assertGradientsMatch([p]) { $0[0].pow(-2) }
        assertGradientsMatch([x]) { $0[0].square() }
    }

    func testSigmoidIsStableForLargeInputs() {
        let x = Tensor(shape: [4], data: [-1000, -30, 30, 1000])
        let y = x.sigmoid().scalars
        XCTAssertEqual(y[0], 0)
        XCTAssertEqual(y[3], 1)
        XCTAssertTrue(y.allSatisfy { $0.isFinite })
        XCTAssertEqual(x.silu().scalars[0], 0)
    }
}
