// The callback acceptance check of issue 5 on a real collection: a custom analyzer written in the notebook
// language changes BM25's run on SciFact, and a runtime error inside it is reported at the closure's line.
// SciFact comes from PRORANK_DATA, else ../shared/data beside the package; the test skips without it.

import Foundation
import XCTest
import ProRankKit
@testable import prorank_repl

final class AnalyzerCallbackTests: XCTestCase {
    private func dataFolder() throws -> String { try dataRoot(holding: "scifact").path }

    private func run(_ code: String, data: String) -> (output: String, errors: [String]) {
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let files = FileAccess(notebookFolder: here, outputFolder: here, dataFolder: URL(fileURLWithPath: data))
        var output = ""
        let outcome = DSLRunner.run(SourceFile(name: "scifact.swift", text: code), context: RunContext(files: files)) { output += $0 }
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
        // The same two indexes built in Swift: the DSL analyzer must give exactly the kernel's numbers, and
        // whitespace splitting must differ from the English analyzer (stop words, Porter stemming).
        let dataset = try BEIRLoader.load(URL(fileURLWithPath: try dataFolder()).appendingPathComponent("scifact"), name: "scifact").dataset
        let queries = try dataset.queries("test"), qrels = try dataset.judgements("test")
        let ndcg = try Metric("ndcg@10")
        let whitespace = Analyzer(name: "whitespace") { $0.lowercased().split(separator: " ").map { String($0) } }
        let expected = [BM25Index(documents: dataset.corpus), BM25Index(documents: dataset.corpus, analyzer: whitespace)].map {
            evaluate($0.search(queries, top: 100), qrels, metrics: [ndcg]).mean["ndcg@10"]!
        }
        XCTAssertEqual(values[0], expected[0], accuracy: 1e-12)
        XCTAssertEqual(values[1], expected[1], accuracy: 1e-12)
        XCTAssertGreaterThan(abs(values[0] - values[1]), 0.01, "the custom analyzer changed the run")
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
