// The first stage the synthetic-collection tests measure: the real BM25Index (Lucene BM25, k1 0.9, b 0.4) with a
// plain analyzer (lowercase, whitespace split: the collection's words are pseudo-words, which stemming would
// only blur), and trec_eval nDCG@10 from the Eval module.

import Foundation
@testable import ProRankKit

/// BM25 over a synthetic corpus, with an optional rewrite of each query's words (e.g. adding synonyms).
struct HeadroomBM25 {
    static let analyzer = Analyzer(name: "whitespace") { tokens($0) }
    let index: BM25Index

    init(_ corpus: [Document]) { index = BM25Index(documents: corpus, analyzer: Self.analyzer) }

    static func tokens(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
    }

    func run(_ queries: [Query], top k: Int = 1000, rewrite: ([String]) -> [String] = { $0 }) -> Run {
        var run = Run(tag: "bm25")
        for q in queries { run.rankings[q.id] = index.search(rewrite(Self.tokens(q.text)).joined(separator: " "), top: k) }
        return run
    }
}

/// Mean nDCG@k (trec_eval's linear gain and tie order).
func headroomNDCG(_ run: Run, _ qrels: Qrels, k: Int = 10) -> Double {
    let name = "ndcg@\(k)"
    return evaluate(run, qrels, metrics: [try! Metric(name)]).mean[name]!
}
