// BM25 on a three-document corpus whose scores are computed by hand from the documented formula:
//   N = 3, lengths 2, 3, 3, avgdl = 8/3, k1 = 0.9, b = 0.4
//   idf(df = 2) = ln(1 + 1.5/2.5) = ln 1.6 = 0.470003629245736;  idf(df = 1) = ln(1 + 2.5/1.5) = 0.980829253011726
//   norm(|d| = 2) = 0.9 · (0.6 + 0.4 · 2/(8/3)) = 0.81;  norm(|d| = 3) = 0.9 · (0.6 + 0.4 · 3/(8/3)) = 0.945
// and the deterministic tie order, the top-k heap, and runs over several queries.

import ProRankKit
import XCTest

final class RetrievalBM25IndexTests: XCTestCase {
    private let words = Analyzer(name: "words") { $0.split(separator: " ").map(String.init) }
    private var corpus: [Document] {
        [Document(id: "d1", text: "apple banana"), Document(id: "d2", text: "apple cherry cherry"),
         Document(id: "d3", text: "banana cherry date")]
    }

    func testStatisticsOfTheIndex() {
        let index = BM25Index(documents: corpus, analyzer: words)
        XCTAssertEqual(index.count, 3)
        XCTAssertEqual(index.termCount, 4)
        XCTAssertEqual(index.documentLengths, [2, 3, 3])
        XCTAssertEqual(index.averageDocumentLength, 8.0 / 3.0, accuracy: 1e-12)
        XCTAssertEqual(index.documentFrequency("cherry"), 2)
        XCTAssertEqual(index.documentFrequency("kiwi"), 0)
        XCTAssertEqual(index.termFrequency("cherry", document: 1), 2)
        XCTAssertEqual(index.termFrequency("cherry", document: 0), 0)
        XCTAssertEqual(index.idf("cherry"), 0.470003629245736, accuracy: 1e-12)
        XCTAssertEqual(index.idf("date"), 0.980829253011726, accuracy: 1e-12)
    }

    func testScoresMatchTheHandComputedValues() {
        let index = BM25Index(documents: corpus, k1: 0.9, b: 0.4, analyzer: words)
        // cherry: d2 = idf · 2/(2 + 0.945), d3 = idf · 1/(1 + 0.945); d1 has no cherry and is not returned.
        let cherry = index.search("cherry", top: 10)
        XCTAssertEqual(cherry.map(\.id), ["d2", "d3"])
        XCTAssertEqual(cherry[0].score, 0.470003629245736 * 2 / 2.945, accuracy: 1e-12)
        XCTAssertEqual(cherry[1].score, 0.470003629245736 / 1.945, accuracy: 1e-12)
        // A repeated query term counts twice: apple apple date → d1 = 2 · idf₂/(1 + 0.81) = 0.519341…,
        // d3 = idf₁/(1 + 0.945) = 0.504282…, d2 = 2 · idf₂/(1 + 0.945) = 0.483294….
        let repeated = index.search("apple apple date", top: 10)
        XCTAssertEqual(repeated.map(\.id), ["d1", "d3", "d2"])
        for (got, expected) in zip(repeated.map(\.score), [0.5193410267908681, 0.5042823922939467, 0.4832942203040983]) {
            XCTAssertEqual(got, expected, accuracy: 1e-12)
        }
        let dense = index.scores("cherry")   // every document, in index order
        XCTAssertEqual(dense.count, 3)
        for (got, expected) in zip(dense, [0, 0.470003629245736 * 2 / 2.945, 0.470003629245736 / 1.945]) {
            XCTAssertEqual(got, expected, accuracy: 1e-12)
        }
        XCTAssertEqual(index.search("kiwi", top: 10), [])
        XCTAssertEqual(index.search("", top: 10), [])
    }

    func testParametersChangeTheScores() {
        // k1 = 0: every matching term contributes its idf alone; b = 0: lengths are ignored.
        let flat = BM25Index(documents: corpus, k1: 0, b: 0, analyzer: words)
        XCTAssertEqual(flat.search("cherry", top: 1)[0].score, 0.470003629245736, accuracy: 1e-12)
        let noLength = BM25Index(documents: corpus, k1: 1.2, b: 0, analyzer: words)
        XCTAssertEqual(noLength.search("apple", top: 2).map(\.score)[0], 0.470003629245736 / 2.2, accuracy: 1e-12)
    }

    func testTiesFollowIndexOrderNotIdOrder() {
        let same = ["c", "a", "b", "e", "d"].map { Document(id: $0, text: "x y") }
        let index = BM25Index(documents: same, analyzer: words)
        XCTAssertEqual(index.search("x", top: 5).map(\.id), ["c", "a", "b", "e", "d"])
        XCTAssertEqual(index.search("x", top: 2).map(\.id), ["c", "a"])
        XCTAssertEqual(index.search("x", top: 0), [])
    }

    func testTopKHeapAgreesWithAFullSort() {
        // 400 documents with many equal scores; every cut-off must be the prefix of the full ranking.
        let docs = (0..<400).map { i in
            Document(id: "doc\(i)", text: Array(repeating: "t", count: 1 + i % 7).joined(separator: " ") + (i % 3 == 0 ? " u" : " v w"))
        }
        let index = BM25Index(documents: docs, analyzer: words)
        let full = index.search("t u", top: 400)
        XCTAssertEqual(full.count, 400)
        for (a, b) in zip(full, full.dropFirst()) {
            XCTAssertTrue(a.score > b.score || (a.score == b.score && Int(a.id.dropFirst(3))! < Int(b.id.dropFirst(3))!))
        }
        for k in [1, 5, 37, 100, 399] { XCTAssertEqual(index.search("t u", top: k), Array(full.prefix(k)), "top \(k)") }
    }

    func testSearchOfSeveralQueriesMakesARun() {
        let index = BM25Index(documents: corpus, analyzer: words)
        var calls = 0
        let run = index.search(queries: [Query(id: "q1", text: "cherry"), Query(id: "q2", text: "kiwi")], top: 1, tag: "t") { done, total in
            calls += 1
            XCTAssertEqual(total, 2)
            XCTAssertEqual(done, calls)
        }
        XCTAssertEqual(run.tag, "t")
        XCTAssertEqual(run.rankings["q1"]?.map(\.id), ["d2"])
        XCTAssertEqual(run.rankings["q2"], [])
        XCTAssertEqual(calls, 2)
        XCTAssertEqual(index.search([Query(id: "q1", text: "cherry")], top: 1, tag: "t"),
                       Run(["q1": run.rankings["q1"]!], tag: "t"), "the notebook spelling, without the label")
    }

    func testTheEnglishAnalyzerIsTheDefaultAndIndexesTitlePlusText() {
        let docs = [Document(id: "1", title: "Running", text: "dogs"), Document(id: "2", text: "cats sleeping")]
        let index = BM25Index(documents: docs)
        XCTAssertEqual(index.search("the runner runs", top: 5).map(\.id), ["1"])
        XCTAssertEqual(index.search("SLEEP", top: 5).map(\.id), ["2"])
        XCTAssertEqual(BM25Index(documents: []).search("x", top: 3), [])
    }
}
