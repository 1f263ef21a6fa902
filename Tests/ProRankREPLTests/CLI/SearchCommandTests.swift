// `prorank-repl search` run as a user would, on a small temporary BEIR folder: the TREC run it prints or writes,
// its options, and its errors.

import Foundation
import XCTest

final class SearchCommandTests: XCTestCase {
    /// A BEIR folder with three documents, two test queries and one train query; removed after the test.
    private func collection(qrels extra: String = "") throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("prorank-search-\(UUID().uuidString)")
        let files = [
            "corpus.jsonl": """
                {"_id": "d1", "title": "Apples", "text": "Red apples are sweet fruit."}
                {"_id": "d2", "title": "Cherries", "text": "Cherries are small red fruit."}
                {"_id": "d3", "title": "Engines", "text": "Diesel engines burn fuel."}
                """,
            "queries.jsonl": """
                {"_id": "q1", "text": "sweet apples"}
                {"_id": "q2", "text": "diesel engine"}
                {"_id": "q3", "text": "small cherries"}
                """,
            "qrels/test.tsv": "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td3\t1\n" + extra,
            "qrels/train.tsv": "query-id\tcorpus-id\tscore\nq3\td2\t1\n",
        ]
        for (path, contents) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: true, encoding: .utf8)
        }
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }

    func testSearchPrintsATRECRun() throws {
        let result = try runCLI(["search", "--data", try collection().path])
        XCTAssertEqual(result.status, 0, result.err)
        let lines = result.out.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        XCTAssertTrue(lines.allSatisfy { $0.count == 6 && $0[1] == "Q0" && $0[5] == "bm25" && Double($0[4]) != nil }, result.out)
        // q1 "sweet apples" matches d1 (apples, sweet) and nothing else; q2 matches d3 only.
        XCTAssertEqual(lines.map { [$0[0], $0[2], $0[3]] }, [["q1", "d1", "1"], ["q2", "d3", "1"]])
        XCTAssertEqual(result.err, "", "no progress line when stderr is not a terminal")
    }

    func testSplitTopParametersAndOutputFile() throws {
        let data = try collection()
        let out = data.appendingPathComponent("run.trec")
        let result = try runCLI(["search", "--data", data.path, "--split", "train", "--top", "1", "--k1", "1.2", "--b", "0.75",
                              "--tag", "mine", "--out", out.path])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(result.out, "")
        let written = try String(contentsOf: out, encoding: .utf8)
        let fields = written.split(separator: " ")
        XCTAssertEqual(written.split(separator: "\n").count, 1, "top 1")
        XCTAssertEqual(fields[0], "q3")
        XCTAssertEqual(fields[2], "d2")
        XCTAssertEqual(fields.last, "mine\n")
    }

    func testWarningsAndErrorsGoToStderr() throws {
        let warned = try runCLI(["search", "--data", try collection(qrels: "q1\tnowhere\t1\n").path])
        XCTAssertEqual(warned.status, 0, warned.err)
        XCTAssertTrue(warned.err.contains("warning: 1 judgement(s) name a document not in the corpus"), warned.err)

        let missing = try runCLI(["search", "--data", "/nonexistent/collection"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.err.contains("/nonexistent/collection: not found"), missing.err)

        let split = try runCLI(["search", "--data", try collection().path, "--split", "dev"])
        XCTAssertNotEqual(split.status, 0)
        XCTAssertTrue(split.err.contains("no split \"dev\" (splits: test, train)"), split.err)

        let badB = try runCLI(["search", "--data", try collection().path, "--b", "2"])
        XCTAssertNotEqual(badB.status, 0)
        XCTAssertTrue(badB.err.contains("--b must be between 0 and 1"), badB.err)
    }
}
