// The vectorised elementary functions against libm.

import Foundation
import XCTest
@testable import ProRankKit

final class VectorMathTests: XCTestCase {
    /// The vectorised exp against libm's over its whole finite range: relative error ≤ 4 ulp (2⁻²¹), exact
    /// limits (0 for −∞ and very negative inputs, +∞ above the range, NaN for NaN).
    func testExpMatchesLibmAcrossTheRange() {
        var worst: Double = 0
        var x: Float = -87
        while x < 88 {
            let ours = Double(VectorMath.exp(x)), reference = Foundation.exp(Double(x))
            worst = max(worst, abs(ours - reference) / reference)
            x += 0.0137
        }
        XCTAssertLessThan(worst, 0x1p-21)
        XCTAssertEqual(VectorMath.exp(-.infinity), 0)
        XCTAssertEqual(VectorMath.exp(-100), 0)
        XCTAssertEqual(VectorMath.exp(0), 1)
        XCTAssertEqual(VectorMath.exp(.infinity), .infinity)
        XCTAssertTrue(VectorMath.exp(.nan).isNaN)
    }
}
