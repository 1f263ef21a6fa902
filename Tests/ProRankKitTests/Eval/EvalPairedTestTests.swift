// The significance tests against scipy 1.17.1 (scipy.special.betainc, scipy.stats.t, scipy.stats.ttest_rel) and
// an exact enumeration of all sign patterns done in Python; the values are pasted here with their arguments.

import Foundation
import XCTest
@testable import ProRankKit

final class EvalPairedTestTests: XCTestCase {
    func testIncompleteBetaMatchesScipy() {
        let cases: [(a: Double, b: Double, x: Double, want: Double)] = [
            (0.5, 0.5, 0.3, 0.36901011956554536), (2, 3, 0.4, 0.5247999999999999), (5, 0.5, 0.9, 0.3166429150200122),
            (10, 0.5, 0.2, 1.994982493613096e-08), (0.5, 0.5, 0.999, 0.9798649583666235), (50, 0.5, 0.95, 0.02387270549699076),
            (1, 1, 0.25, 0.25),
        ]
        for c in cases {
            XCTAssertEqual(regularizedIncompleteBeta(c.x, a: c.a, b: c.b), c.want, accuracy: 1e-12 * max(1e-3, c.want), "I_\(c.x)(\(c.a), \(c.b))")
        }
        XCTAssertEqual(regularizedIncompleteBeta(0, a: 2, b: 3), 0)
        XCTAssertEqual(regularizedIncompleteBeta(1, a: 2, b: 3), 1)
    }

    func testStudentTMatchesScipy() {
        // (t, ν, scipy.stats.t.cdf, 2·scipy.stats.t.sf(|t|))
        let cases: [(Double, Double, Double, Double)] = [
            (0, 5, 0.5, 1), (1, 1, 0.75, 0.5000000000000001), (2, 3, 0.9303370157205785, 0.13932596855884305),
            (-2.5, 10, 0.01572342211830441, 0.03144684423660882), (1.96, 1000, 0.9748634075221256, 0.050273184955748736),
            (4, 30, 0.9998090771819581, 0.0003818456360837564), (-0.7, 2.5, 0.271702471594774, 0.543404943189548),
            (12, 4, 0.9998617857257485, 0.000276428548502973),
        ]
        for (t, nu, cdf, p) in cases {
            XCTAssertEqual(StudentT.cdf(t, degreesOfFreedom: nu), cdf, accuracy: 1e-12, "cdf(\(t); \(nu))")
            XCTAssertEqual(StudentT.twoSidedP(t, degreesOfFreedom: nu), p, accuracy: 1e-12 * max(1, p / 1e-3), "p(\(t); \(nu))")
        }
        XCTAssertEqual(StudentT.cdf(.infinity, degreesOfFreedom: 3), 1)
        XCTAssertEqual(StudentT.twoSidedP(-.infinity, degreesOfFreedom: 3), 0)
    }

    private let a = [0.2, 0.5, 0.1, 0.7, 0.4, 0.3, 0.9, 0.6]
    private let b = [0.3, 0.55, 0.1, 0.9, 0.35, 0.5, 0.95, 0.8]

    func testPairedTTestMatchesScipyTtestRel() {
        let (t, df, p) = PairedTest.tTest(a, b)   // scipy.stats.ttest_rel(b, a)
        XCTAssertEqual(t, 2.706581126688951, accuracy: 1e-12)
        XCTAssertEqual(df, 7)
        XCTAssertEqual(p, 0.030348700921589665, accuracy: 1e-12)
        XCTAssertEqual(PairedTest.tTest(b, a).t, -t, accuracy: 1e-12)
        XCTAssertEqual(PairedTest.tTest(a, a).p, 1, "no difference at all")
        XCTAssertEqual(PairedTest.tTest([0, 0, 0], [1, 1, 1]).p, 0, "a constant non-zero difference")
    }

    func testRandomizationTestIsExactForFewQueriesAndClosePerSeedOtherwise() {
        // All 2⁸ sign patterns of d = b − a enumerated in Python: 16 of 256 reach |Σ d| (differences of 0 and
        // equal magnitudes make ties, counted within 1e-12).
        let exact = PairedTest.randomization(a, b, trials: 256)
        XCTAssertEqual(exact.p, 16.0 / 256, accuracy: 1e-15)
        XCTAssertEqual(exact.trials, 0)

        var rng = SeededRNG(seed: 11)
        let x = (0..<12).map { _ in rng.nextDouble() }, y = x.map { $0 + 0.15 * rng.normal() + 0.05 }
        let enumerated = PairedTest.randomization(x, y, trials: 1 << 12).p
        let sampled = PairedTest.randomization(x, y, trials: 4000, seed: 3)
        XCTAssertEqual(sampled.trials, 4000)
        XCTAssertEqual(sampled.p, enumerated, accuracy: 0.03, "Monte Carlo estimate vs exact enumeration")
        XCTAssertEqual(PairedTest.randomization(x, y, trials: 4000, seed: 3).p, sampled.p, "same seed, same p")
        XCTAssertEqual(PairedTest.randomization(x, x, trials: 100, seed: 1).p, 1, "identical systems")
    }

    private func evaluation(_ values: [Double]) -> Evaluation {
        Evaluation(metrics: [Metric(.ndcg, cutoff: 10)], perQuery: Dictionary(uniqueKeysWithValues: values.enumerated().map {
            ("q\($0.offset)", ["ndcg@10": $0.element])
        }))
    }

    func testCompareReportsBothTestsAndRefusesUnpairedInput() throws {
        let comparison = try compare(evaluation(a), evaluation(b), metric: "ndcg@10", trials: 1000, seed: 5)
        XCTAssertEqual(comparison.meanDifference, (b.reduce(0, +) - a.reduce(0, +)) / 8, accuracy: 1e-12)
        XCTAssertEqual(comparison.meanB - comparison.meanA, comparison.meanDifference, accuracy: 1e-12)
        XCTAssertEqual(comparison.t, 2.706581126688951, accuracy: 1e-12)
        XCTAssertEqual(comparison.tTestP, 0.030348700921589665, accuracy: 1e-12)
        XCTAssertEqual(comparison.randomizationP, 0.0625, accuracy: 1e-15)
        XCTAssertTrue(comparison.isSignificant(at: 0.1))
        XCTAssertFalse(comparison.isSignificant(at: 0.05))

        XCTAssertThrowsError(try compare(evaluation(a), evaluation(b), metric: "map")) { XCTAssertTrue("\($0)".contains("no metric \"map\""), "\($0)") }
        XCTAssertThrowsError(try compare(evaluation(a), evaluation(Array(b.prefix(7))), metric: "ndcg@10")) {
            XCTAssertTrue("\($0)".contains("only in A: q7"), "\($0)")
        }
        XCTAssertThrowsError(try compare(evaluation([1]), evaluation([0]), metric: "ndcg@10")) { XCTAssertTrue("\($0)".contains("at least 2"), "\($0)") }
    }
}
