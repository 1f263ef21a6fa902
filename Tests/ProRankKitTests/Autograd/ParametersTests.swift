// Named parameter containers: order, prefixes, loading with clear errors.

import XCTest
@testable import ProRankKit

final class ParametersTests: XCTestCase {
    func testNamesPrefixesAndLoad() throws {
        var inner = Parameters()
        inner.add("weight", Tensor.zeros([2, 3]))
        var outer = Parameters()
        outer.add("embed.weight", Tensor.zeros([4, 2]))
        outer.add(prefix: "layers.0", inner)
        XCTAssertEqual(outer.names, ["embed.weight", "layers.0.weight"])
        XCTAssertTrue(outer.tensors.allSatisfy(\.requiresGrad))
        XCTAssertEqual(outer.scalarCount, 14)

        let source = ["embed.weight": Tensor.ones([4, 2]), "layers.0.weight": Tensor.full([2, 3], 2), "extra": Tensor(1)]
        XCTAssertEqual(try outer.load(from: source), ["extra"])
        XCTAssertEqual(outer["layers.0.weight"]?.scalars, Array(repeating: 2, count: 6))

        XCTAssertThrowsError(try outer.load(from: ["embed.weight": Tensor.ones([4, 2])])) { error in
            XCTAssertEqual(error as? ParametersError, .missing(name: "layers.0.weight"))
        }
        XCTAssertThrowsError(try outer.load(from: ["embed.weight": Tensor.ones([2, 4]), "layers.0.weight": Tensor.ones([2, 3])])) { error in
            XCTAssertTrue("\(error)".contains("embed.weight"), "\(error)")
        }
    }
}
