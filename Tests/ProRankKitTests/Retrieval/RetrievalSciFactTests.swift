// BM25 on BEIR SciFact (test split, top 1000) against the issue's target: nDCG@10 ≥ 0.665 (Anserini's BM25).
// nDCG@10 is computed by a small helper here, as trec_eval does it (see `ndcgAt10`), so that this check does not
// depend on the Eval module.

import Foundation
import ProRankKit
import XCTest

final class RetrievalSciFactTests: XCTestCase {
    func testSciFactTestSplitReachesTheAnseriniBaseline() throws {
        let loaded = try BEIRLoader.load(try sharedDataFolder("scifact"))
        XCTAssertEqual(loaded.warnings, [])
        let dataset = loaded.dataset
        let queries = try dataset.queries("test")
        let index = BM25Index(documents: dataset.corpus)   // k1 0.9, b 0.4, English analyzer
        let run = index.search(queries: queries, top: 1000)
        XCTAssertEqual(run.rankings.count, queries.count)
        XCTAssertTrue(run.rankings.values.allSatisfy { $0.count <= 1000 })
        let ndcg = ndcgAt10(run, try dataset.judgements("test"))
        print("SciFact test BM25 nDCG@10 = \(String(format: "%.4f", ndcg)) over \(queries.count) queries")
        XCTAssertGreaterThanOrEqual(ndcg, 0.665, "nDCG@10 \(ndcg) is below Anserini's BM25 (0.665)")
    }

    /// Mean nDCG@10 over the judged queries, trec_eval's `ndcg_cut.10`: gain = grade (linear), discount
    /// log2(rank + 1), the ranking re-sorted by score descending then document id descending (trec_eval's tie
    /// order), unjudged documents gain 0, the ideal ranking from the judged grades; a query with no retrieved
    /// documents scores 0.
    private func ndcgAt10(_ run: Run, _ qrels: Qrels) -> Double {
        var total = 0.0
        for (query, grades) in qrels.judgments {
            let ranked = (run.rankings[query] ?? []).sorted {
                $0.score != $1.score ? $0.score > $1.score : $1.id.utf8.lexicographicallyPrecedes($0.id.utf8)
            }
            var dcg = 0.0
            for (rank, doc) in ranked.prefix(10).enumerated() {
                dcg += Double(max(grades[doc.id] ?? 0, 0)) / log2(Double(rank) + 2)
            }
            var idcg = 0.0
            for (rank, grade) in grades.values.filter({ $0 > 0 }).sorted(by: >).prefix(10).enumerated() {
                idcg += Double(grade) / log2(Double(rank) + 2)
            }
            total += idcg > 0 ? dcg / idcg : 0
        }
        return total / Double(qrels.judgments.count)
    }
}
