// The BEIR loader on the real SciFact folder (expected counts read from the files themselves) and on small
// temporary folders: gzip files, CRLF/BOM/blank lines, and every error and warning it reports.

import Foundation
import ProRankKit
import XCTest

final class BEIRLoaderTests: XCTestCase {
    private let corpus = """
        {"_id": "d1", "title": "Apples", "text": "Red fruit."}
        {"_id": "d2", "title": "", "text": "Cherries are small."}
        {"_id": 3, "text": "No title here."}

        """
    private let queries = """
        {"_id": "q1", "text": "red fruit"}
        {"_id": "q2", "text": "small"}

        """
    private let qrels = "query-id\tcorpus-id\tscore\nq1\td1\t2\nq2\td2\t1\n"

    private func folder(_ overrides: [String: String?] = [:]) throws -> URL {
        var files: [String: String] = ["corpus.jsonl": corpus, "queries.jsonl": queries, "qrels/test.tsv": qrels]
        for (path, contents) in overrides { files[path] = contents }
        return try temporaryBEIRFolder(self, files)
    }

    private func assertThrows(_ folder: URL, _ expected: (DataError) -> Bool, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try BEIRLoader.load(folder), file: file, line: line) { error in
            guard let error = error as? DataError else { return XCTFail("not a DataError: \(error)", file: file, line: line) }
            XCTAssertTrue(expected(error), "unexpected error: \(error)", file: file, line: line)
        }
    }

    func testSciFactCountsAgreeWithItsFiles() throws {
        let root = try sharedDataFolder("scifact")
        func lines(_ path: String) throws -> [Substring] {
            try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8).split(separator: "\n")
        }
        let loaded = try BEIRLoader.load(root)
        XCTAssertEqual(loaded.warnings, [], "SciFact's judgements all name known documents and queries")
        let dataset = loaded.dataset
        XCTAssertEqual(dataset.name, "scifact")
        XCTAssertEqual(dataset.corpus.count, try lines("corpus.jsonl").count)
        XCTAssertEqual(dataset.allQueries.count, try lines("queries.jsonl").count)
        XCTAssertEqual(dataset.splits, ["test", "train"])
        for split in dataset.splits {
            let rows = try lines("qrels/\(split).tsv").dropFirst().map { $0.split(separator: "\t") }
            let judgements = try dataset.judgements(split)
            XCTAssertEqual(judgements.count, rows.count, split)
            XCTAssertEqual(Set(judgements.judgments.keys), Set(rows.map { String($0[0]) }), split)
            XCTAssertEqual(try dataset.queries(split).count, Set(rows.map { $0[0] }).count, split)
        }
        // The first document as written in corpus.jsonl.
        let first = try lines("corpus.jsonl")[0]
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: String])
        XCTAssertEqual(dataset.corpus[0], Document(id: object["_id"]!, title: object["title"]!, text: object["text"]!))
    }

    func testSmallFolderIsReadInFileOrder() throws {
        let loaded = try BEIRLoader.load(try folder(), name: "tiny")
        XCTAssertEqual(loaded.dataset.name, "tiny")
        XCTAssertEqual(loaded.dataset.corpus.map(\.id), ["d1", "d2", "3"])
        XCTAssertEqual(loaded.dataset.corpus[0].content, "Apples Red fruit.")
        XCTAssertEqual(loaded.dataset.corpus[2].title, "")
        XCTAssertEqual(try loaded.dataset.queries("test").map(\.id), ["q1", "q2"])
        XCTAssertEqual(try loaded.dataset.judgements("test").grade(query: "q1", document: "d1"), 2)
        XCTAssertEqual(loaded.warnings, [])
    }

    func testCRLFByteOrderMarkBlankLinesAndSeveralSplits() throws {
        let crlf = "\u{FEFF}" + corpus.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n   \r\n"
        let loaded = try BEIRLoader.load(try folder(["corpus.jsonl": crlf, "qrels/train.tsv": "q1\td2\t0\n", "qrels/notes.txt": "x"]))
        XCTAssertEqual(loaded.dataset.corpus.map(\.id), ["d1", "d2", "3"])
        XCTAssertEqual(loaded.dataset.corpus[2].text, "No title here.")
        XCTAssertEqual(loaded.dataset.splits, ["test", "train"])
        XCTAssertEqual(try loaded.dataset.judgements("train").grade(query: "q1", document: "d2"), 0, "a file without header")
    }

    func testGzipFilesReadLikePlainOnes() throws {
        let gzip = URL(fileURLWithPath: "/usr/bin/gzip")
        guard FileManager.default.isExecutableFile(atPath: gzip.path) else { throw XCTSkip("no /usr/bin/gzip to make test files") }
        let plain = try BEIRLoader.load(try folder())
        let zipped = try folder()
        for file in ["corpus.jsonl", "queries.jsonl", "qrels/test.tsv"] {
            let process = try Process.run(gzip, arguments: [zipped.appendingPathComponent(file).path])
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: zipped.appendingPathComponent("corpus.jsonl").path))
        let loaded = try BEIRLoader.load(zipped)
        XCTAssertEqual(loaded.dataset.corpus, plain.dataset.corpus)
        XCTAssertEqual(loaded.dataset.allQueries, plain.dataset.allQueries)
        XCTAssertEqual(loaded.dataset.qrels, plain.dataset.qrels)

        // A truncated gzip file is an error naming the file, not a crash or a silently short corpus.
        let corpusURL = zipped.appendingPathComponent("corpus.jsonl.gz")
        let bytes = try Data(contentsOf: corpusURL)
        try bytes.prefix(bytes.count - 12).write(to: corpusURL)
        assertThrows(zipped) { error in
            if case .malformedLine(let path, _, _) = error { return path.hasSuffix("corpus.jsonl.gz") }
            return false
        }
    }

    func testMissingFilesNameTheFileAndTheLayout() throws {
        assertThrows(URL(fileURLWithPath: "/nonexistent/beir")) { error in
            if case .fileNotFound(let path, let hint) = error { return path == "/nonexistent/beir" && hint.contains("corpus.jsonl") }
            return false
        }
        assertThrows(try folder(["queries.jsonl": nil])) { error in
            if case .fileNotFound(let path, let hint) = error { return path.hasSuffix("/queries.jsonl") && hint.contains("queries.jsonl.gz") }
            return false
        }
        assertThrows(try folder(["qrels/test.tsv": nil])) { error in
            if case .fileNotFound(let path, _) = error { return path.hasSuffix("/qrels") }
            return false
        }
        assertThrows(try folder(["qrels/test.tsv": nil, "qrels/readme.md": "x"])) { error in
            if case .fileNotFound(let path, let hint) = error { return path.hasSuffix("qrels/<split>.tsv") && hint.contains(".tsv") }
            return false
        }
    }

    func testBadJSONLinesNameFileAndLine() throws {
        let broken = corpus.replacingOccurrences(of: #""d2","#, with: #""d2",,"#)
        assertThrows(try folder(["corpus.jsonl": broken])) { error in
            if case .malformedLine(let path, let line, let reason) = error {
                return path.hasSuffix("/corpus.jsonl") && line == 2 && reason.contains("JSON")
            }
            return false
        }
        assertThrows(try folder(["queries.jsonl": "{\"_id\": \"q1\", \"text\": \"a\"}\n{\"text\": \"no id\"}\n"])) { error in
            if case .malformedLine(let path, 2, let reason) = error { return path.hasSuffix("/queries.jsonl") && reason.contains("\"_id\"") }
            return false
        }
        assertThrows(try folder(["corpus.jsonl": "{\"_id\": \"d1\", \"title\": \"only a title\"}\n"])) { error in
            if case .malformedLine(_, 1, let reason) = error { return reason.contains("\"text\"") }
            return false
        }
        assertThrows(try folder(["corpus.jsonl": "{\"_id\": \"d1\", \"text\": 5}\n"])) { error in
            if case .malformedLine(_, 1, let reason) = error { return reason.contains("text") && reason.contains("type") }
            return false
        }
        assertThrows(try folder(["corpus.jsonl": "[1, 2]\n"])) { error in
            if case .malformedLine(_, 1, _) = error { return true }
            return false
        }
    }

    func testDuplicateIDsNameTheSecondLine() throws {
        let duplicated = corpus + #"{"_id": "d2", "title": "again", "text": "x"}"# + "\n"
        assertThrows(try folder(["corpus.jsonl": duplicated])) { $0 == .duplicateID(path: $0.path, line: 4, id: "d2") }
        assertThrows(try folder(["queries.jsonl": queries + queries])) { error in
            if case .duplicateID(let path, 3, "q1") = error { return path.hasSuffix("/queries.jsonl") }
            return false
        }
    }

    func testBadQrelsLines() throws {
        assertThrows(try folder(["qrels/test.tsv": qrels + "q1\td2\n"])) { error in
            if case .malformedLine(let path, 4, let reason) = error { return path.hasSuffix("test.tsv") && reason.contains("2 field") }
            return false
        }
        assertThrows(try folder(["qrels/test.tsv": qrels + "q1\td2\thigh\n"])) { error in
            if case .malformedLine(_, 4, let reason) = error { return reason.contains("high") }
            return false
        }
    }

    func testUnknownDocumentsAndQueriesInJudgementsAreCountedWarnings() throws {
        let extra = qrels + "q1\tmissing1\t1\nq2\tmissing2\t1\nq9\td1\t1\nq1\td1\t1\n"
        let loaded = try BEIRLoader.load(try folder(["qrels/test.tsv": extra]))
        XCTAssertEqual(loaded.warnings.map(\.count), [2, 1, 1])
        XCTAssertTrue(loaded.warnings[0].description.contains("test.tsv: warning: 2 judgement(s) name a document not in the corpus (first: line 4, \"missing1\")"),
                      loaded.warnings[0].description)
        XCTAssertTrue(loaded.warnings[1].message.contains("query"))
        XCTAssertTrue(loaded.warnings[2].message.contains("repeated"))
        // They are kept: an unretrievable relevant document still counts against recall.
        XCTAssertEqual(try loaded.dataset.judgements("test").grade(query: "q1", document: "missing1"), 1)
        XCTAssertEqual(try loaded.dataset.judgements("test").grade(query: "q1", document: "d1"), 1, "the last grade wins")
    }
}

private extension DataError {
    var path: String {
        switch self {
        case .fileNotFound(let path, _), .malformedLine(let path, _, _), .duplicateID(let path, _, _), .notText(let path, _, _): return path
        case .invalidValue: return ""
        }
    }
}
