// Fusion of two runs on tiny hand-built runs: every expected score is written out from the formula in the test,
//
//     reciprocal rank:  Σ_r w_r / (k + rank_r(d))          linear:  α·â(d) + (1 − α)·b̂(d), x̂ min-max per query
//
// with missing documents, queries present in one run only, repeated documents, ties and bad parameters.

import XCTest
@testable import ProRankKit

final class FusionTests: XCTestCase {
    private func run(_ rankings: [String: [(String, Double)]], tag: String) -> Run {
        Run(rankings.mapValues { $0.map { ScoredDocument(id: $0.0, score: $0.1) } }, tag: tag)
    }

    /// a: d1 > d2 > d3;  b: d3 > d4 > d1.
    private var a: Run { run(["q1": [("d1", 3), ("d2", 2), ("d3", 1)]], tag: "model") }
    private var b: Run { run(["q1": [("d3", 0.9), ("d4", 0.5), ("d1", 0.1)], "q2": [("d7", 4), ("d8", 1)]], tag: "bm25") }

    private func assertRanking(_ got: [ScoredDocument]?, _ expected: [(String, Double)], file: StaticString = #filePath, line: UInt = #line) {
        guard let got else { return XCTFail("query missing from the fused run", file: file, line: line) }
        XCTAssertEqual(got.map(\.id), expected.map(\.0), file: file, line: line)
        for (g, e) in zip(got, expected) {
            XCTAssertEqual(g.score, e.1, accuracy: 1e-12, "\(g.id)", file: file, line: line)
        }
    }

    func testReciprocalRankFusionByHand() throws {
        let fused = try fuse(a, b, method: .reciprocalRank(k: 60))
        // d1: rank 1 in a, 3 in b; d3: rank 3 in a, 1 in b → equal sums, tie broken by id ascending.
        // d2: rank 2 in a only; d4: rank 2 in b only → equal, tie broken by id ascending.
        assertRanking(fused.rankings["q1"], [("d1", 1.0 / 61 + 1.0 / 63), ("d3", 1.0 / 63 + 1.0 / 61),
                                             ("d2", 1.0 / 62), ("d4", 1.0 / 62)])
        XCTAssertEqual(fused.rankings["q1"]?[0].score, fused.rankings["q1"]?[1].score, "an exact tie")
        // q2 is in b only: b's contribution alone, b's order.
        assertRanking(fused.rankings["q2"], [("d7", 1.0 / 61), ("d8", 1.0 / 62)])
        XCTAssertEqual(fused.queryIDs, ["q1", "q2"])
        XCTAssertEqual(fused.tag, "model+bm25")
    }

    func testWeightedReciprocalRankFusionByHand() throws {
        let fused = try fuse(a, b, method: .reciprocalRank(k: 1, weightA: 2, weightB: 0.5), tag: "hybrid")
        let d1 = 2.0 / (1 + 1) + 0.5 / (1 + 3), d2 = 2.0 / (1 + 2), d3 = 2.0 / (1 + 3) + 0.5 / (1 + 1), d4 = 0.5 / (1 + 2)
        assertRanking(fused.rankings["q1"], [("d1", d1), ("d3", d3), ("d2", d2), ("d4", d4)])
        XCTAssertEqual(fused.tag, "hybrid")
        // A zero weight leaves the other run's order.
        let onlyB = try fuse(a, b, method: .reciprocalRank(k: 60, weightA: 0, weightB: 1))
        XCTAssertEqual(onlyB.rankings["q1"]?.prefix(3).map(\.id), ["d3", "d4", "d1"])
    }

    func testReciprocalRankUsesListOrderAndFirstOccurrence() throws {
        // Scores are ignored by RRF: the list order is the ranking. "x" repeats at rank 3 and counts at rank 1 only.
        let listed = run(["q": [("x", 0), ("y", 5), ("x", 9)]], tag: "a")
        let fused = try fuse(listed, Run(tag: "b"), method: .reciprocalRank(k: 10))
        assertRanking(fused.rankings["q"], [("x", 1.0 / 11), ("y", 1.0 / 12)])
    }

    func testLinearFusionByHand() throws {
        // â: d1 (10−2)/8 = 1, d2 (6−2)/8 = 0.5, d3 0;  b̂: d3 1, d4 (0.5−0.1)/0.8 = 0.5, d1 0.
        let left = run(["q1": [("d1", 10), ("d2", 6), ("d3", 2)]], tag: "a")
        let alpha = 0.25
        let fused = try fuse(left, b, method: .linear(weight: alpha))
        let expected = [("d3", alpha * 0 + (1 - alpha) * 1), ("d4", alpha * 0 + (1 - alpha) * 0.5),
                        ("d1", alpha * 1 + (1 - alpha) * 0), ("d2", alpha * 0.5 + (1 - alpha) * 0)]
        assertRanking(fused.rankings["q1"], expected)
        // q2 only in b: (1 − α) · b̂ with b̂(d7) = 1, b̂(d8) = 0.
        assertRanking(fused.rankings["q2"], [("d7", (1 - alpha) * 1), ("d8", 0)])
    }

    func testLinearFusionEndpointsAndEqualScores() throws {
        let left = run(["q1": [("d1", 10), ("d2", 6), ("d3", 2)]], tag: "a")
        XCTAssertEqual(try fuse(left, b, method: .linear(weight: 1)).rankings["q1"]?.prefix(2).map(\.id), ["d1", "d2"])
        XCTAssertEqual(try fuse(left, b, method: .linear(weight: 0)).rankings["q1"]?.prefix(2).map(\.id), ["d3", "d4"])
        // All scores of a query equal in a run → 0.5 each; documents the run lacks → 0.
        let flat = run(["q": [("y", 3), ("x", 3)]], tag: "flat")
        let other = run(["q": [("z", 7)]], tag: "one")
        assertRanking(try fuse(flat, other, method: .linear(weight: 0.5)).rankings["q"],
                      [("x", 0.5 * 0.5), ("y", 0.5 * 0.5), ("z", 0.5 * 0.5)])
        assertRanking(try fuse(flat, other, method: .linear(weight: 0.8)).rankings["q"],
                      [("x", 0.8 * 0.5), ("y", 0.8 * 0.5), ("z", 0.2 * 0.5)])
    }

    func testFusionIsDeterministicAndKeepsEveryQuery() throws {
        let left = run(["q3": [("a", 1)], "q1": [("b", 2), ("c", 1)]], tag: "a")
        let right = run(["q2": [("d", 1)], "q1": [("c", 5), ("e", 4)]], tag: "b")
        for method in [RunFusion.reciprocalRank(), .linear(weight: 0.5)] {
            let first = try fuse(left, right, method: method)
            XCTAssertEqual(first, try fuse(left, right, method: method))
            XCTAssertEqual(first.queryIDs, ["q1", "q2", "q3"])
            XCTAssertEqual(Set(first.rankings["q1"]!.map(\.id)), ["b", "c", "e"])
            for ranking in first.rankings.values {
                XCTAssertEqual(ranking.map(\.score), ranking.map(\.score).sorted(by: >), "descending fused scores")
            }
        }
        XCTAssertEqual(try fuse(Run(tag: "a"), Run(tag: "b")).rankings, [:])
    }

    func testBadParametersAreErrorsWithHints() throws {
        let bad: [(RunFusion, String)] = [
            (.reciprocalRank(k: 0), "k > 0"), (.reciprocalRank(k: -5), "k > 0"), (.reciprocalRank(k: .nan), "k > 0"),
            (.reciprocalRank(k: .infinity), "k > 0"), (.reciprocalRank(k: 60, weightA: -1), "weightA"),
            (.reciprocalRank(k: 60, weightB: .nan), "weightB"),
            (.linear(weight: -0.1), "[0, 1]"), (.linear(weight: 1.1), "[0, 1]"), (.linear(weight: .nan), "[0, 1]"),
        ]
        for (method, message) in bad {
            XCTAssertThrowsError(try fuse(a, b, method: method), "\(method)") { error in
                XCTAssertTrue(error is RerankError, "\(error)")
                XCTAssertTrue("\(error)".contains(message) && "\(error)".contains("hint"), "\(error)")
            }
        }
        let infinite = run(["q1": [("d1", .infinity)]], tag: "x")
        XCTAssertThrowsError(try fuse(a, infinite, method: .linear(weight: 0.5))) {
            XCTAssertTrue("\($0)".contains("finite") && "\($0)".contains("\"d1\""), "\($0)")
        }
        XCTAssertNoThrow(try fuse(a, infinite, method: .reciprocalRank()), "RRF ignores scores")
    }
}
