// Finite-difference checks of shape and index ops.

import XCTest
@testable import ProRankKit

final class ShapeGradTests: XCTestCase {
    func testReshapeExpandPermute() {
        var r = TestInputs(seed: 20)
        let (a, b, c) = (r.dim(), r.dim(), r.dim())
        let x = r.param([a, b, c])
        assertGradientsMatch([x]) { $0[0].reshaped([a * b, c]) * $0[0].reshaped([a * b, c]) }
        assertGradientsMatch([x]) { $0[0].reshaped([-1]) }
        let column = r.param([a, 1, c])
        assertGradientsMatch([column]) { $0[0].expanded(to: [b, a, b, c]) }
        assertGradientsMatch([x]) { $0[0].permuted([2, 0, 1]) }
        assertGradientsMatch([x]) { $0[0].transposed() }
        assertGradientsMatch([x]) { $0[0].transposed(0, 2) }
    }

    func testSliceAndConcat() {
        var r = TestInputs(seed: 21)
        let (a, b, c) = (r.dim(), r.dim(4...9), r.dim())
        let x = r.param([a, b, c])
        assertGradientsMatch([x]) { $0[0].sliced(axis: 1, 1..<(b - 1)) }
        assertGradientsMatch([x]) { $0[0].sliced(axis: 0, 0..<1) }
        assertGradientsMatch([x]) { $0[0].sliced(axis: -1, 1..<c) }
        let y = r.param([a, 2, c]), z = r.param([a, 3, c])
        assertGradientsMatch([x, y, z]) { Tensor.concat($0, axis: 1) }
        assertGradientsMatch([x, x]) { Tensor.concat($0, axis: 0) }
        let w = r.param([a, b, 1])
        assertGradientsMatch([x, w]) { Tensor.concat($0, axis: 2) }
    }

    func testGatherRowsAndIndexSelect() {
        var r = TestInputs(seed: 22)
        let (v, d) = (r.dim(5...11), r.dim(3...9))
        let table = r.param([v, d])
        let ids = r.ints(7, below: v) + [0, 0]   // repeated ids accumulate
        assertGradientsMatch([table]) { $0[0].gatherRows(ids) }
        assertGradientsMatch([table]) { $0[0].gatherRows(Array(ids.prefix(6)), shape: [2, 3]) }
        // The padding row gets no gradient from the lookup (checked against finite differences of a function
        // that treats it as a constant).
        let padded = table.gatherRows(ids + [ids[0]], paddingIndex: ids[0])
        (padded * padded).sum().backward()
        XCTAssertTrue((0..<d).allSatisfy { table.grad![ids[0], $0] == 0 })
        XCTAssertTrue((0..<d).contains { table.grad![ids[1], $0] != 0 } || ids[1] == ids[0])
        table.zeroGrad()
        let x = r.param([r.dim(), 6, r.dim()])
        assertGradientsMatch([x]) { $0[0].indexSelect(axis: 1, [5, 0, 5, 2]) }
        assertGradientsMatch([x]) { $0[0].indexSelect(axis: 0, [0]) }
        assertGradientsMatch([x]) { $0[0].indexSelect(axis: -1, [1, 1]) }
    }
}
