// Metric names, and every measure on small hand-computed rankings: graded gain, ties, unjudged documents,
// cut-offs, short runs, queries without relevant documents and queries missing from the run.

import Foundation
import XCTest
@testable import ProRankKit

final class EvalMetricTests: XCTestCase {
    private func docs(_ pairs: [(String, Double)]) -> [ScoredDocument] { pairs.map { ScoredDocument(id: $0.0, score: $0.1) } }

    func testNamesParseInBothSpellingsAndKeepTheGivenName() throws {
        let cases: [(String, Metric.Measure, Int?)] = [
            ("ndcg@10", .ndcg, 10), ("ndcg_cut_10", .ndcg, 10), ("ndcg_cut.100", .ndcg, 100), ("nDCG@5", .ndcg, 5), ("ndcg", .ndcg, nil),
            ("map", .averagePrecision, nil), ("map@100", .averagePrecision, 100), ("map_cut_100", .averagePrecision, 100),
            ("recip_rank", .reciprocalRank, nil), ("mrr", .reciprocalRank, nil), ("MRR@10", .reciprocalRank, 10),
            ("recall@100", .recall, 100), ("recall_100", .recall, 100), ("recall.5", .recall, 5),
            ("P@10", .precision, 10), ("P_10", .precision, 10), ("p@3", .precision, 3),
        ]
        for (name, measure, cutoff) in cases {
            let metric = try Metric(name)
            XCTAssertEqual(metric.measure, measure, name)
            XCTAssertEqual(metric.cutoff, cutoff, name)
            XCTAssertEqual(metric.name, name)
        }
        XCTAssertEqual(try Metric("ndcg@10"), try Metric("ndcg_cut_10"))
        XCTAssertEqual(Metric(.precision, cutoff: 10).name, "P@10")
        XCTAssertEqual(try Metric.parseList("ndcg@10, map,recip_rank,").map(\.name), ["ndcg@10", "map", "recip_rank"])
    }

    func testUnknownNamesListTheSupportedOnes() {
        for bad in ["ndgc@10", "recall", "P", "P@0", "recip_rank@x", "bpref", ""] {
            XCTAssertThrowsError(try Metric(bad), bad) { error in
                XCTAssertTrue("\(error)".contains("unknown metric \"\(bad)\""), "\(error)")
                XCTAssertTrue("\(error)".contains("ndcg@k"), "\(error)")
            }
        }
        XCTAssertThrowsError(try Metric.parseList("map,map")) { XCTAssertTrue("\($0)".contains("listed twice"), "\($0)") }
        XCTAssertThrowsError(try Metric.parseList(" , ")) { XCTAssertTrue("\($0)".contains("no metrics"), "\($0)") }
    }

    /// Equal scores are broken by document id descending, byte-wise ("d9" > "d2" > "d10"), not by file order.
    func testTiesAreBrokenByDocumentIDDescending() {
        let ranking = docs([("d10", 1), ("d2", 1), ("d9", 1), ("d1", 2)])
        XCTAssertEqual(JudgedRanking.trecOrder(ranking).map(\.id), ["d1", "d9", "d2", "d10"])
        let judged = JudgedRanking(ranking: ranking, judgments: ["d10": 1, "d9": 0, "d2": 0])
        XCTAssertEqual(judged.grades, [0, 0, 0, 1])
        XCTAssertEqual(judged.reciprocalRank(), 1.0 / 4)
        XCTAssertEqual(judged.ndcg(cutoff: 4), 1 / log2(5.0), accuracy: 1e-12)
        XCTAssertEqual(judged.ndcg(cutoff: 3), 0)
        XCTAssertEqual(JudgedRanking.trecOrder(docs([("a", .nan), ("b", -1), ("c", .nan)])).map(\.id), ["b", "c", "a"], "NaN ranks last")
    }

    /// Grades a:3, b:2, e:1 (relevant, R = 3), c:0; ranking c a x b with x unjudged and e not retrieved.
    func testEveryMeasureOnAGradedRanking() throws {
        let ranking = docs([("c", 0.9), ("a", 0.8), ("x", 0.7), ("b", 0.6)])
        let judged = JudgedRanking(ranking: ranking, judgments: ["a": 3, "b": 2, "c": 0, "e": 1])
        XCTAssertEqual(judged.grades, [0, 3, 0, 2])
        XCTAssertEqual(judged.relevantCount, 3)
        let dcg = 3 / log2(3.0) + 2 / log2(5.0)
        XCTAssertEqual(judged.ndcg(cutoff: 10), dcg / (3 + 2 / log2(3.0) + 1 / log2(4.0)), accuracy: 1e-12)
        XCTAssertEqual(judged.ndcg(cutoff: 2), (3 / log2(3.0)) / (3 + 2 / log2(3.0)), accuracy: 1e-12)
        XCTAssertEqual(judged.ndcg(), judged.ndcg(cutoff: 10), accuracy: 1e-12)
        XCTAssertEqual(judged.averagePrecision(), (1.0 / 2 + 2.0 / 4) / 3, accuracy: 1e-12)
        XCTAssertEqual(judged.averagePrecision(cutoff: 2), (1.0 / 2) / 3, accuracy: 1e-12, "map_cut divides by R, not min(k, R)")
        XCTAssertEqual(judged.reciprocalRank(), 0.5)
        XCTAssertEqual(judged.reciprocalRank(cutoff: 1), 0)
        XCTAssertEqual(judged.recall(cutoff: 2), 1.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(judged.recall(cutoff: 100), 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(judged.precision(cutoff: 2), 0.5)
        XCTAssertEqual(judged.precision(cutoff: 10), 0.2, accuracy: 1e-12, "P@10 divides by 10 even for a run of 4")
        XCTAssertEqual(judged.value(try Metric("P_10")), 0.2, accuracy: 1e-12)
    }

    func testADocumentListedTwiceCountsOnce() {
        let judged = JudgedRanking(ranking: docs([("a", 2), ("a", 1), ("b", 0.5)]), judgments: ["a": 1, "b": 1])
        XCTAssertEqual(judged.grades, [1, 1])
        XCTAssertEqual(judged.precision(cutoff: 2), 1)
    }

    func testQueryCoverageAndMeans() {
        let run = Run([
            "q1": docs([("a", 2), ("b", 1)]),
            "q2": docs([("c", 1)]),                 // judged, no relevant documents: evaluated as 0
            "q4": docs([("a", 1)]),                 // not judged: ignored
        ])
        let qrels = Qrels(["q1": ["b": 1], "q2": ["c": 0], "q3": ["a": 1]])  // q3 missing from the run: not evaluated
        let evaluation = evaluate(run, qrels, metrics: [Metric(.reciprocalRank), Metric(.ndcg, cutoff: 10, name: "nDCG@10")])
        XCTAssertEqual(evaluation.queryIDs, ["q1", "q2"])
        XCTAssertEqual(evaluation.perQuery["q1"]?["recip_rank"], 0.5)
        XCTAssertEqual(evaluation.perQuery["q2"], ["recip_rank": 0, "nDCG@10": 0])
        XCTAssertEqual(evaluation.mean["recip_rank"], 0.25)
        XCTAssertEqual(evaluation.mean["nDCG@10"]!, (1 / log2(3.0)) / 2, accuracy: 1e-12)
        XCTAssertEqual(evaluation.values("recip_rank"), [0.5, 0])
        XCTAssertEqual(evaluate(Run(), qrels).mean["ndcg@10"], 0, "no evaluated query: means are 0")
    }

    func testTrecTextListsQueriesThenMeans() {
        let evaluation = evaluate(Run(["q1": docs([("a", 1)]), "q2": docs([("b", 1)])]), Qrels(["q1": ["a": 1], "q2": ["a": 1]]),
                                  metrics: [Metric(.precision, cutoff: 1), Metric(.reciprocalRank)])
        XCTAssertEqual(evaluation.trecText(), "P@1\tall\t0.5000\nrecip_rank\tall\t0.5000\n")
        XCTAssertEqual(evaluation.trecText(byQuery: true), """
            P@1\tq1\t1.0000
            recip_rank\tq1\t1.0000
            P@1\tq2\t0.0000
            recip_rank\tq2\t0.0000
            P@1\tall\t0.5000
            recip_rank\tall\t0.5000

            """)
    }

    func testBEIRResultsReadAndWriteBack() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("prorank-results-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(#"{"q1": {"d10": 1, "d9": 1.0, "d2": 3.5}}"#.utf8).write(to: url)
        let run = try Run.readBEIRResults(url)
        XCTAssertEqual(run.rankings["q1"]?.map(\.id), ["d2", "d9", "d10"])
        try run.beirResultsJSON().write(to: url)
        XCTAssertEqual(try Run.readBEIRResults(url), run)
        try Data(#"{"q1": {"d1": "high"}}"#.utf8).write(to: url)
        XCTAssertThrowsError(try Run.readBEIRResults(url)) { XCTAssertTrue("\($0)".contains("\"q1\", document \"d1\""), "\($0)") }
        try Data("[1, 2".utf8).write(to: url)
        XCTAssertThrowsError(try Run.readBEIRResults(url)) { XCTAssertTrue("\($0)".contains(url.path), "\($0)") }
    }

    /// A run or qrels file that is missing, or that is not UTF-8 text, is named with the reason and where.
    func testUnreadableFilesAreNamedWithTheReason() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("prorank-binary-\(UUID().uuidString).trec")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("q1 Q0 d1 1 2.0 t\n".utf8 + [0xFF, 0x00]).write(to: url)
        for read in [{ _ = try Run.read(url) }, { _ = try Qrels.read(url) }] as [() throws -> Void] {
            XCTAssertThrowsError(try read()) { error in
                guard case .notText(let path, let offset, _)? = error as? DataError else { return XCTFail("\(error)") }
                XCTAssertEqual(path, url.path)
                XCTAssertEqual(offset, 17, "the first invalid byte follows the 17 bytes of the first line")
                XCTAssertTrue("\(error)".contains("not UTF-8 text (invalid byte at offset 17)"), "\(error)")
            }
        }
        let missing = url.appendingPathExtension("absent")
        XCTAssertThrowsError(try Run.read(missing)) { XCTAssertTrue("\($0)".hasPrefix("\(missing.path): not found"), "\($0)") }
    }
}
