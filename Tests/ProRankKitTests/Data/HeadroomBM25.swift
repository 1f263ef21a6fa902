// A small, test-only BM25 and nDCG@10, so the Data tests can measure how much room the synthetic collection
// leaves for reranking without depending on the Retrieval and Eval layers (written on other branches).

import Foundation
@testable import ProRankKit

/// Lucene's BM25 over lowercase whitespace tokens (no stop words, no stemming):
///
/// ```
/// score(q, d) = Σ_{t ∈ q} idf(t) · tf / (tf + k1 · (1 − b + b · |d| / avgdl)),
/// idf(t) = ln(1 + (N − df + 0.5) / (df + 0.5))
/// ```
///
/// Each query token counts once per occurrence. Documents with score 0 are not returned.
struct HeadroomBM25 {
    let k1: Double
    let b: Double
    private let ids: [String]
    private let termFrequencies: [[String: Int]]
    private let lengths: [Double]
    private let averageLength: Double
    private let documentFrequency: [String: Int]

    init(_ corpus: [Document], k1: Double = 0.9, b: Double = 0.4) {
        self.k1 = k1
        self.b = b
        ids = corpus.map(\.id)
        var frequencies: [[String: Int]] = []
        var df: [String: Int] = [:]
        var lengths: [Double] = []
        for document in corpus {
            let tokens = Self.tokens(document.content)
            var tf: [String: Int] = [:]
            for t in tokens { tf[t, default: 0] += 1 }
            for t in tf.keys { df[t, default: 0] += 1 }
            frequencies.append(tf)
            lengths.append(Double(tokens.count))
        }
        termFrequencies = frequencies
        documentFrequency = df
        self.lengths = lengths
        averageLength = lengths.reduce(0, +) / Double(max(lengths.count, 1))
    }

    static func tokens(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
    }

    /// Documents with a positive score, best first (ties: document id descending, as trec_eval sorts).
    func search(_ queryTokens: [String], top k: Int = 1000) -> [ScoredDocument] {
        let n = Double(ids.count)
        var scored: [ScoredDocument] = []
        for (i, tf) in termFrequencies.enumerated() {
            var s = 0.0
            for t in queryTokens {
                guard let f = tf[t] else { continue }
                let df = Double(documentFrequency[t]!)
                let idf = log(1 + (n - df + 0.5) / (df + 0.5))
                s += idf * Double(f) / (Double(f) + k1 * (1 - b + b * lengths[i] / averageLength))
            }
            if s > 0 { scored.append(ScoredDocument(id: ids[i], score: s)) }
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.id > $1.id }
        return Array(scored.prefix(k))
    }

    /// A run over `queries`, each query's text tokenised as documents are, then passed through `rewrite`.
    func run(_ queries: [Query], top k: Int = 1000, rewrite: ([String]) -> [String] = { $0 }) -> Run {
        var run = Run(tag: "headroom-bm25")
        for q in queries { run.rankings[q.id] = search(rewrite(Self.tokens(q.text)), top: k) }
        return run
    }
}

/// nDCG@k as trec_eval computes it: linear gain (the grade), discount log2(rank + 1), the ideal ranking from all
/// judged documents with grade > 0, unjudged documents gain 0, queries without a relevant judgement skipped; the
/// run is re-sorted by score descending, then document id descending.
func headroomNDCG(_ run: Run, _ qrels: Qrels, k: Int = 10) -> Double {
    var total = 0.0, counted = 0
    for (query, judged) in qrels.judgments {
        let ideal = judged.values.filter { $0 > 0 }.sorted(by: >)
        if ideal.isEmpty { continue }
        counted += 1
        let ranked = (run.rankings[query] ?? []).sorted { $0.score != $1.score ? $0.score > $1.score : $0.id > $1.id }
        var dcg = 0.0, idcg = 0.0
        for (i, doc) in ranked.prefix(k).enumerated() { dcg += Double(judged[doc.id] ?? 0) / log2(Double(i + 2)) }
        for (i, g) in ideal.prefix(k).enumerated() { idcg += Double(g) / log2(Double(i + 2)) }
        total += dcg / idcg
    }
    return counted == 0 ? 0 : total / Double(counted)
}
