// The synthetic collection leaves clear room for reranking: BM25 nDCG@10 well under 0.7 but far above random,
// and an oracle that knows the synonym pairs does much better (so there is something a model can learn).

import XCTest
@testable import ProRankKit

final class SyntheticBM25Tests: XCTestCase {
    /// nDCG@10 on `split` of BM25, of BM25 with each query word's synonym added (the oracle), and of a random
    /// ranking of the corpus.
    private func measure(_ synthetic: SyntheticCollection, split: String = "test") throws -> (bm25: Double, oracle: Double, random: Double) {
        let ds = synthetic.dataset
        let index = HeadroomBM25(ds.corpus)
        let queries = try ds.queries(split)
        let qrels = try ds.judgements(split)
        let bm25 = headroomNDCG(index.run(queries), qrels)
        let oracle = headroomNDCG(index.run(queries) { words in words + words.compactMap(synthetic.synonym(of:)) }, qrels)
        var rng = SeededRNG(seed: 99)
        var random = Run()
        for q in queries {
            let order = rng.shuffled(ds.corpus.map(\.id))
            random.rankings[q.id] = order.prefix(10).enumerated().map { ScoredDocument(id: $1, score: Double(10 - $0)) }
        }
        return (bm25, oracle, headroomNDCG(random, qrels))
    }

    func testDefaultCollectionLeavesRoomForReranking() throws {
        let synthetic = SyntheticCollection.generate(seed: 7)
        let m = try measure(synthetic)
        print("synthetic seed 7 test: BM25 nDCG@10 \(m.bm25), oracle \(m.oracle), random \(m.random)")
        print(CollectionStatistics(synthetic.dataset))
        // The numbers stated in SyntheticCollection.swift's header.
        XCTAssertEqual(m.bm25, 0.550, accuracy: 0.0005)
        XCTAssertEqual(m.oracle, 0.877, accuracy: 0.0005)
        XCTAssertLessThan(m.bm25, 0.65, "BM25 must leave clear room for reranking")
        XCTAssertGreaterThan(m.bm25, 0.4, "BM25 must still be a useful first stage")
        XCTAssertGreaterThan(m.bm25, m.random + 0.25, "BM25 must be far above a random ranking")
        XCTAssertGreaterThan(m.oracle, m.bm25 + 0.2, "knowing the synonym pairs must help a lot")
    }

    func testHeadroomHoldsOverSeeds() throws {
        for seed in UInt64(1)...5 {
            let m = try measure(SyntheticCollection.generate(seed: seed))
            print("synthetic seed \(seed) test: BM25 \(m.bm25), oracle \(m.oracle), random \(m.random)")
            XCTAssert((0.4..<0.7).contains(m.bm25), "seed \(seed): BM25 nDCG@10 \(m.bm25) outside 0.4..<0.7")
            XCTAssertGreaterThan(m.oracle, m.bm25 + 0.15, "seed \(seed): oracle \(m.oracle) vs BM25 \(m.bm25)")
        }
    }
}
