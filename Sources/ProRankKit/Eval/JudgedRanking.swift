// One query's ranking seen through its judgements, and the per-query measures computed on it exactly as
// trec_eval 9.x (and pytrec_eval, the evaluator BEIR uses) computes them.

import Foundation

/// A query's retrieved documents in trec_eval's order, replaced by their grades, plus the query's judged grades.
///
/// Conventions shared by every measure (trec_eval 9.x / pytrec_eval with `relevance_level` 1):
/// - **Order.** The rank column of a run is ignored: documents are sorted by score descending, ties broken by
///   document id **descending**, byte-wise (`"d9" > "d2" > "d10"`). A document listed twice counts once, at
///   its first position in that order (trec_eval refuses such runs; pytrec_eval cannot express them).
/// - **Unjudged** documents count as grade 0 (not relevant, no gain).
/// - A document is **relevant** when its grade ≥ `relevanceLevel` (1 by default); `R` is the number of judged
///   relevant documents of the query. A query with `R = 0` scores 0 on every measure.
/// - **Cut-off** `k`: only ranks 1…k count; a run shorter than `k` is not padded, except that P@k still
///   divides by `k`.
public struct JudgedRanking: Sendable, Equatable {
    /// Grade of the document at each rank (index 0 is rank 1); 0 for unjudged documents.
    public let grades: [Int]
    /// All judged grades of the query that give gain (> 0), best first: the ideal ranking of nDCG.
    public let idealGrades: [Int]
    /// R: the number of judged documents with grade ≥ the relevance level.
    public let relevantCount: Int
    /// Grade from which a document counts as relevant for the binary measures (MAP, MRR, recall, P).
    public let relevanceLevel: Int

    /// Builds the judged ranking of one query from its scored documents (any order) and its judgements.
    public init(ranking: [ScoredDocument], judgments: [String: Int], relevanceLevel: Int = 1) {
        var seen = Set<String>()
        grades = JudgedRanking.trecOrder(ranking).compactMap { doc in
            seen.insert(doc.id).inserted ? judgments[doc.id] ?? 0 : nil
        }
        idealGrades = judgments.values.filter { $0 > 0 }.sorted(by: >)
        relevantCount = judgments.values.filter { $0 >= relevanceLevel }.count
        self.relevanceLevel = relevanceLevel
    }

    /// trec_eval's ranking order: score descending, then document id descending byte-wise. A NaN score ranks
    /// last (as −∞), so the order stays total and deterministic.
    public static func trecOrder(_ documents: [ScoredDocument]) -> [ScoredDocument] {
        func key(_ score: Double) -> Double { score.isNaN ? -.infinity : score }
        return documents.sorted { a, b in
            let (x, y) = (key(a.score), key(b.score))
            return x != y ? x > y : b.id.utf8.lexicographicallyPrecedes(a.id.utf8)
        }
    }

    /// The value of `metric` for this query.
    public func value(_ metric: Metric) -> Double {
        switch metric.measure {
        case .ndcg: return ndcg(cutoff: metric.cutoff)
        case .averagePrecision: return averagePrecision(cutoff: metric.cutoff)
        case .reciprocalRank: return reciprocalRank(cutoff: metric.cutoff)
        case .recall: return recall(cutoff: metric.cutoff ?? grades.count)
        case .precision: return precision(cutoff: metric.cutoff ?? grades.count)
        }
    }

    /// Normalised discounted cumulative gain with **linear gain** (trec_eval `ndcg_cut.k`; `ndcg` when `cutoff`
    /// is nil):
    /// ```
    /// DCG@k  = Σ_{i=1…min(k,n)} g_i / log2(i + 1)        g_i = grade at rank i (0 if unjudged or negative)
    /// IDCG@k = the same sum over the query's judged grades sorted descending
    /// nDCG@k = DCG@k / IDCG@k                            (0 when IDCG@k = 0)
    /// ```
    /// The ideal ranking is built from all judged grades, not only the retrieved ones, so missing a relevant
    /// document costs score. Linear gain (not `2^g − 1`) is what trec_eval and BEIR use.
    ///
    /// ### References
    /// K. Järvelin, J. Kekäläinen, "Cumulated gain-based evaluation of IR techniques", ACM TOIS 20(4), 2002.
    public func ndcg(cutoff: Int? = nil) -> Double {
        let k = cutoff ?? Int.max
        func dcg(_ gains: [Int]) -> Double {
            var sum = 0.0
            for (i, g) in gains.prefix(k).enumerated() where g > 0 { sum += Double(g) / log2(Double(i + 2)) }
            return sum
        }
        let ideal = dcg(idealGrades)
        return ideal > 0 ? dcg(grades) / ideal : 0
    }

    /// Average precision (trec_eval `map`; `map_cut.k` when `cutoff` is given):
    /// ```
    /// AP@k = (1 / R) · Σ_{i ≤ k, doc i relevant} P@i          P@i = (#relevant in ranks 1…i) / i
    /// ```
    /// Relevant documents not retrieved (or below the cut-off) contribute 0; the divisor is always R, not
    /// min(k, R), as in trec_eval's `map_cut`. MAP is the mean of AP over queries.
    ///
    /// ### References
    /// E. M. Voorhees, D. K. Harman (eds.), "TREC: Experiment and Evaluation in Information Retrieval", MIT Press 2005.
    public func averagePrecision(cutoff: Int? = nil) -> Double {
        guard relevantCount > 0 else { return 0 }
        var found = 0
        var sum = 0.0
        for (i, g) in grades.prefix(cutoff ?? Int.max).enumerated() where g >= relevanceLevel {
            found += 1
            sum += Double(found) / Double(i + 1)
        }
        return sum / Double(relevantCount)
    }

    /// Reciprocal rank (trec_eval `recip_rank`): `1 / rank of the first relevant document`, 0 when none is
    /// retrieved (or, with a cut-off — MRR@k as MS MARCO reports it — none is in the top k).
    /// MRR is its mean over queries.
    public func reciprocalRank(cutoff: Int? = nil) -> Double {
        guard relevantCount > 0,
              let first = grades.prefix(cutoff ?? Int.max).firstIndex(where: { $0 >= relevanceLevel }) else { return 0 }
        return 1 / Double(first + 1)
    }

    /// Recall at k (trec_eval `recall.k`): `(#relevant in the top k) / R`, 0 when R = 0.
    public func recall(cutoff k: Int) -> Double {
        guard relevantCount > 0 else { return 0 }
        return Double(relevantRetrieved(within: k)) / Double(relevantCount)
    }

    /// Precision at k (trec_eval `P.k`): `(#relevant in the top k) / k`, dividing by k even when fewer than k
    /// documents were retrieved. 0 when R = 0.
    public func precision(cutoff k: Int) -> Double {
        guard relevantCount > 0, k > 0 else { return 0 }
        return Double(relevantRetrieved(within: k)) / Double(k)
    }

    private func relevantRetrieved(within k: Int) -> Int {
        grades.prefix(k).filter { $0 >= relevanceLevel }.count
    }
}
