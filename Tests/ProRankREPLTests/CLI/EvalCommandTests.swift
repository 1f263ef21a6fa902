// `prorank-repl eval` run as a checking script would: --json on every fixture pair (TREC and BEIR inputs)
// against pytrec_eval's expected.json, the trec_eval-style text, and a malformed run line.

import Foundation
import XCTest

final class EvalCommandTests: XCTestCase {
    private func pairs() throws -> [URL] {
        let folder = try fixturesRoot().appendingPathComponent("eval")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { throw XCTSkip("fixtures not found at \(folder.path); set PRORANK_FIXTURES") }
        let pairs = names.sorted().map { folder.appendingPathComponent($0) }
            .filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent("expected.json").path) }
        guard !pairs.isEmpty else { throw XCTSkip("no eval pair folders under \(folder.path)") }
        return pairs
    }

    private func object(_ data: Data) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func testJSONMatchesPytrecEvalOnEveryPair() throws {
        for pair in try pairs() {
            let expected = try object(Data(contentsOf: pair.appendingPathComponent("expected.json")))
            let measures = try XCTUnwrap(expected["measures"] as? [String])
            let wantMean = try XCTUnwrap(expected["mean"] as? [String: Double])
            let wantPerQuery = try XCTUnwrap(expected["per_query"] as? [String: [String: Double]])
            let inputs = [("TREC", "qrels.txt", "run.txt"), ("BEIR", "beir/qrels/test.tsv", "beir/results.json")]
            for (variant, qrels, runFile) in inputs {
                let label = "\(pair.lastPathComponent) (\(variant))"
                let result = try runCLI(["eval", "--qrels", pair.appendingPathComponent(qrels).path, "--run", pair.appendingPathComponent(runFile).path,
                                      "--metrics", measures.joined(separator: ","), "--json"])
                XCTAssertEqual(result.status, 0, "\(label): \(result.err)")
                let output = try object(Data(result.out.utf8))
                let mean = try XCTUnwrap(output["mean"] as? [String: Double], label)
                let perQuery = try XCTUnwrap(output["perQuery"] as? [String: [String: Double]], label)
                XCTAssertEqual(Set(mean.keys), Set(measures), label)
                for (name, value) in wantMean { XCTAssertEqual(mean[name] ?? .nan, value, accuracy: 1e-6, "\(label): mean \(name)") }
                XCTAssertEqual(Set(perQuery.keys), Set(wantPerQuery.keys), "\(label): evaluated queries")
                for (query, values) in wantPerQuery {
                    for (name, value) in values {
                        XCTAssertEqual(perQuery[query]?[name] ?? .nan, value, accuracy: 1e-6, "\(label): \(name) of \(query)")
                    }
                }
            }
        }
    }

    func testTextOutputFollowsTrecEval() throws {
        let all = try pairs()   // skips when the fixtures are absent (XCTUnwrap would turn the skip into a failure)
        let pair = try XCTUnwrap(all.first)
        let result = try runCLI(["eval", "--qrels", pair.appendingPathComponent("qrels.txt").path, "--run", pair.appendingPathComponent("run.txt").path,
                              "--metrics", "ndcg@10,P@10", "--by-query"])
        XCTAssertEqual(result.status, 0, result.err)
        let lines = result.out.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertTrue(lines.allSatisfy { $0.count == 3 && $0[2].range(of: #"^\d+\.\d{4}$"#, options: .regularExpression) != nil }, result.out)
        XCTAssertEqual(lines.suffix(2).map { [$0[0], $0[1]] }, [["ndcg@10", "all"], ["P@10", "all"]])
        XCTAssertGreaterThan(lines.count, 2, "--by-query prints per-query lines")
    }

    func testMalformedRunLineFailsWithFileAndLine() throws {
        let all = try pairs()   // skips when the fixtures are absent (XCTUnwrap would turn the skip into a failure)
        let pair = try XCTUnwrap(all.first)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("prorank-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let badRun = dir.appendingPathComponent("bad.run")
        try "q100 Q0 d1 1 2.5 fx\nq100 Q0 d2 2 oops fx\n".write(to: badRun, atomically: true, encoding: .utf8)
        let result = try runCLI(["eval", "--qrels", pair.appendingPathComponent("qrels.txt").path, "--run", badRun.path])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.err.contains("\(badRun.path):2:"), result.err)
        XCTAssertTrue(result.err.contains("oops"), result.err)

        let unknown = try runCLI(["eval", "--qrels", pair.appendingPathComponent("qrels.txt").path, "--run", badRun.path, "--metrics", "ndcg@10,bpref"])
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.err.contains("unknown metric \"bpref\"") && unknown.err.contains("ndcg@k"), unknown.err)
    }
}
