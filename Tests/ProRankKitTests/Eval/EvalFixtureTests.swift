// Parity with pytrec_eval (trec_eval 9.x) on every pair folder of $PRORANK_FIXTURES/eval: every per-query value
// and every mean of expected.json within 1e-6, from the TREC files and from the BEIR files alike.

import Foundation
import XCTest
@testable import ProRankKit

final class EvalFixtureTests: XCTestCase {
    /// The pair folders (every subfolder holding an expected.json), read from the directory.
    private func pairs() throws -> [URL] {
        let folders = try fixtureSubfolders(try fixtureFolder("eval")).filter {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("expected.json").path)
        }
        guard !folders.isEmpty else { throw XCTSkip("no pair folders with expected.json under eval/") }
        return folders
    }

    /// Checks one evaluation against expected.json, naming the pair, variant, query and measure on failure.
    private func assertMatches(_ evaluation: Evaluation, _ expected: JSONValueReader, _ label: String) {
        let perQuery = expected["per_query"]
        XCTAssertEqual(evaluation.queryIDs.sorted(), perQuery.keys, "\(label): evaluated queries")
        for query in perQuery.keys {
            for name in perQuery[query].keys {
                guard let want = perQuery[query][name].double else { XCTFail("\(label): \(query).\(name) is not a number"); continue }
                guard let got = evaluation.perQuery[query]?[name] else { XCTFail("\(label): no \(name) for \(query)"); continue }
                XCTAssertEqual(got, want, accuracy: 1e-6, "\(label): \(name) of \(query)")
            }
        }
        for name in expected["mean"].keys {
            XCTAssertEqual(evaluation.mean[name] ?? .nan, expected["mean"][name].double ?? .nan, accuracy: 1e-6, "\(label): mean \(name)")
        }
    }

    /// The metrics of expected.json, by their trec_eval names ("ndcg_cut_10", "P_10", …), which `Metric` accepts.
    private func metrics(_ expected: JSONValueReader) throws -> [Metric] {
        let names = expected["measures"].array.compactMap(\.string)
        XCTAssertFalse(names.isEmpty, "expected.json lists no measures")
        return try names.map { try Metric($0) }
    }

    func testTRECRunAndQrelsMatchPytrecEval() throws {
        for pair in try pairs() {
            let expected = JSONValueReader(try readJSON(pair.appendingPathComponent("expected.json")))
            let run = try Run.read(pair.appendingPathComponent("run.txt"))
            let qrels = try Qrels.read(pair.appendingPathComponent("qrels.txt"))
            assertMatches(evaluate(run, qrels, metrics: try metrics(expected)), expected, "\(pair.lastPathComponent) (TREC)")
        }
    }

    func testBEIRResultsAndQrelsMatchPytrecEval() throws {
        for pair in try pairs() {
            let expected = JSONValueReader(try readJSON(pair.appendingPathComponent("expected.json")))
            let run = try Run.readBEIRResults(pair.appendingPathComponent("beir/results.json"))
            let qrels = try Qrels.read(pair.appendingPathComponent("beir/qrels/test.tsv"))
            assertMatches(evaluate(run, qrels, metrics: try metrics(expected)), expected, "\(pair.lastPathComponent) (BEIR)")
        }
    }

    /// Canonical names (`ndcg@10`, `P@10`) give the same numbers as the trec_eval names, keyed as given.
    func testCanonicalNamesGiveTheSameValues() throws {
        for pair in try pairs() {
            let expected = JSONValueReader(try readJSON(pair.appendingPathComponent("expected.json")))
            let trecNames = try metrics(expected)
            let canonical = trecNames.map { Metric($0.measure, cutoff: $0.cutoff) }
            let run = try Run.read(pair.appendingPathComponent("run.txt"))
            let qrels = try Qrels.read(pair.appendingPathComponent("qrels.txt"))
            let evaluation = evaluate(run, qrels, metrics: canonical)
            for (trec, ours) in zip(trecNames, canonical) {
                XCTAssertEqual(evaluation.mean[ours.name] ?? .nan, expected["mean"][trec.name].double ?? .nan, accuracy: 1e-6,
                               "\(pair.lastPathComponent): \(ours.name) vs \(trec.name)")
            }
        }
    }

    /// The rank column of run.txt follows trec_eval's order, so re-sorting by score (ties: id descending) must
    /// reproduce the file's order exactly — including pair4's many ties.
    func testTieOrderReproducesTheRankColumn() throws {
        var ties = 0
        for pair in try pairs() {
            let run = try Run.read(pair.appendingPathComponent("run.txt"))
            for (query, ranking) in run.rankings {
                XCTAssertEqual(JudgedRanking.trecOrder(ranking).map(\.id), ranking.map(\.id), "\(pair.lastPathComponent) \(query)")
                ties += zip(ranking, ranking.dropFirst()).filter { $0.score == $1.score }.count
            }
        }
        XCTAssertGreaterThan(ties, 0, "the fixtures should contain tied scores")
    }

    /// Judged queries without relevant documents are evaluated with all measures 0; judged queries missing from
    /// the run and run queries without judgements are not evaluated.
    func testQueryCoverageFollowsTrecEval() throws {
        for pair in try pairs() {
            let expected = JSONValueReader(try readJSON(pair.appendingPathComponent("expected.json")))
            let info = expected["info"]
            let run = try Run.read(pair.appendingPathComponent("run.txt"))
            let qrels = try Qrels.read(pair.appendingPathComponent("qrels.txt"))
            let evaluation = evaluate(run, qrels, metrics: try metrics(expected))
            let label = pair.lastPathComponent
            XCTAssertEqual(evaluation.queryIDs, info["queries_evaluated"].array.compactMap(\.string).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }, label)
            for query in info["queries_without_relevant_docs"].array.compactMap(\.string) {
                XCTAssertEqual(evaluation.perQuery[query].map { Array($0.values) }, Array(repeating: 0, count: evaluation.metrics.count), "\(label) \(query)")
            }
            let missingFromRun = Set(qrels.judgments.keys).subtracting(run.rankings.keys)
            let unjudged = Set(run.rankings.keys).subtracting(qrels.judgments.keys)
            for query in missingFromRun.union(unjudged) {
                XCTAssertNil(evaluation.perQuery[query], "\(label): \(query) must not be evaluated")
            }
        }
    }
}
