// The callback acceptance check of issue 5 on a real collection: a custom analyzer written in the notebook
// language changes BM25's run on SciFact, and a runtime error inside it is reported at the closure's line.
// SciFact comes from PRORANK_DATA, else ../shared/data beside the package; the test skips without it.

import Foundation
import XCTest
@testable import prorank_repl

final class AnalyzerCallbackTests: XCTestCase {
    private func dataFolder() throws -> String {
        let candidates: [String?] = [ProcessInfo.processInfo.environment["PRORANK_DATA"],
                          URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../../shared/data").standardized.path]
        for case let folder? in candidates where FileManager.default.fileExists(atPath: folder + "/scifact/corpus.jsonl") { return folder }
        throw XCTSkip("SciFact not found (set PRORANK_DATA)")
    }

    private func run(_ code: String, data: String) -> (output: String, errors: [String]) {
        setenv("PRORANK_DATA", data, 1)
        var output = ""
        let outcome = DSLRunner.run(SourceFile(name: "scifact.swift", text: code)) { output += $0 }
        return (output, outcome.diagnostics.map(\.short))
    }

    func testADSLAnalyzerChangesBM25OnSciFact() throws {
        let result = run("""
            let ds = beir("scifact")
            let queries = ds.queries("test")
            let standard = evaluate(bm25(ds.corpus).search(queries, top: 100), ds.qrels("test"), metrics: ["ndcg@10"])
            let plain = bm25(ds.corpus, analyzer: { text in text.lowercased().split(separator: " ").map { String($0) } })
            let custom = evaluate(plain.search(queries, top: 100), ds.qrels("test"), metrics: ["ndcg@10"])
            print(standard.mean("ndcg@10"), custom.mean("ndcg@10"))
            """, data: try dataFolder())
        XCTAssertEqual(result.errors, [])
        let values = result.output.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Double($0) }
        XCTAssertEqual(values.count, 2, result.output)
        // The English analyzer (stop words, Porter stemming) against whitespace splitting: 0.676 vs 0.573.
        XCTAssertEqual(values[0], 0.676, accuracy: 0.005)
        XCTAssertEqual(values[1], 0.573, accuracy: 0.005)
    }

    func testAnErrorInsideTheAnalyzerIsReportedAtTheClosuresLine() throws {
        let result = run("""
            let ds = beir("scifact")
            let index = bm25(ds.corpus) { text in
                let words = text.split(separator: " ")
                return [String(words[100000])]
            }
            """, data: try dataFolder())
        XCTAssertEqual(result.errors.count, 1)
        XCTAssertTrue(result.errors[0].hasPrefix("4:20 index 100000 out of range"), "\(result.errors)")
    }
}
