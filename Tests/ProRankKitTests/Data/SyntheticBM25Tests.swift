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

    /// The gap can be learned from the train split alone: for each query word, the document word most more frequent
    /// in the train queries' grade-2 documents than in their grade-1 documents (same topic, other concepts) is its
    /// learned synonym. Expanding test queries with learned synonyms recovers most of the oracle's gain.
    func testSynonymsCanBeLearnedFromTheTrainSplit() throws {
        let synthetic = SyntheticCollection.generate(seed: 7)
        let ds = synthetic.dataset
        let words = Dictionary(uniqueKeysWithValues: ds.corpus.map { ($0.id, Set(HeadroomBM25.tokens($0.content))) })
        let train = try ds.judgements("train")
        // word → (grade → (document word → documents containing it), grade → documents)
        var counts: [String: [Int: [String: Int]]] = [:]
        var totals: [String: [Int: Int]] = [:]
        for query in try ds.queries("train") {
            for w in Set(HeadroomBM25.tokens(query.text)) {
                for (id, grade) in train.judgments[query.id]! where grade >= 1 {
                    totals[w, default: [:]][grade, default: 0] += 1
                    for v in words[id]! { counts[w, default: [:]][grade, default: [:]][v, default: 0] += 1 }
                }
            }
        }
        var learned: [String: String] = [:]
        for (w, byGrade) in counts {
            guard let n2 = totals[w]?[2], let n1 = totals[w]?[1], n2 >= 3 else { continue }
            let lift = byGrade[2, default: [:]].map { v, c in (v, Double(c) / Double(n2) - Double(byGrade[1]?[v] ?? 0) / Double(n1)) }
            if let best = lift.filter({ $0.0 != w }).max(by: { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 > $1.0 }), best.1 > 0.5 {
                learned[w] = best.0
            }
        }
        let index = HeadroomBM25(ds.corpus)
        let queries = try ds.queries("test"), qrels = try ds.judgements("test")
        let bm25 = headroomNDCG(index.run(queries), qrels)
        let expanded = headroomNDCG(index.run(queries) { $0 + $0.compactMap { learned[$0] } }, qrels)
        let correct = learned.filter { synthetic.synonym(of: $0.key) == $0.value }.count
        print("synthetic seed 7 test: BM25 \(bm25), with synonyms learned from train \(expanded) (\(correct) of \(learned.count) learned pairs are true synonyms)")
        // Other learned pairs link a concept to a concept asked about with it, or a plain word to a concept.
        XCTAssertGreaterThan(correct, 24, "most concepts asked about in train get their true synonym")
        XCTAssertEqual(expanded, 0.752, accuracy: 0.0005, "the number stated in SyntheticCollection.swift's header")
        XCTAssertGreaterThan(expanded, bm25 + 0.15, "synonyms learned from the train split must help on test")
    }
}
