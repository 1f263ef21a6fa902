// Fusing two runs of the same queries into one, e.g. a model's reranked run with BM25's run: the practical
// recipe on a CPU budget (DESIGN.md §4), since a small reranker and BM25 make different mistakes.
//
//     reciprocal rank:  score(d) = Σ_r w_r / (k + rank_r(d))          rank from 1; a run without d adds nothing
//     linear:           score(d) = α · â(d) + (1 − α) · b̂(d)         â, b̂: the runs' scores min-max normalised
//                                                                     per query; a run without d gives 0
//
// Results per query are sorted by fused score descending, ties by document id ascending (byte-wise).

import Foundation

/// How `fuse(_:_:method:tag:)` combines two runs.
public enum RunFusion: Sendable, Equatable {
    /// Reciprocal-rank fusion (Cormack, Clarke, Büttcher, SIGIR 2009):
    /// ```
    /// score(d) = weightA / (k + rank_a(d)) + weightB / (k + rank_b(d))
    /// ```
    /// `rank_r(d)` is d's position in run r's list for the query, counted from 1 (the list order of
    /// `Run.rankings`, best first, as a reranker or a retriever wrote it; scores are not looked at). A run that
    /// does not list d contributes nothing. `k` > 0 damps the head of the lists (60 in the paper that proposed it);
    /// the weights are ≥ 0.
    case reciprocalRank(k: Double = 60, weightA: Double = 1, weightB: Double = 1)

    /// Linear interpolation of min-max normalised scores:
    /// ```
    /// x̂(d) = (x(d) − min_q x) / (max_q x − min_q x)     per query and run, in [0, 1]
    /// x̂(d) = 0.5                                        when all of the query's scores in that run are equal
    /// score(d) = α · â(d) + (1 − α) · b̂(d)              â(d) = 0 (b̂(d) = 0) when run a (b) does not list d
    /// ```
    /// `weight` is α ∈ [0, 1], the share of the first run: 1 orders by the first run alone (documents it lacks
    /// score 0, tied with its lowest), 0 by the second alone. Equal scores carry no order, so they normalise to
    /// the middle of the range (still above a missing document's 0). Scores must be finite.
    case linear(weight: Double)

    /// Checks the parameters; the error says which one is wrong and what is allowed.
    public func validate() throws {
        switch self {
        case .reciprocalRank(let k, let weightA, let weightB):
            guard k.isFinite, k > 0 else {
                throw RerankError.invalidArgument("reciprocal-rank fusion needs k > 0, got \(k) (hint: 60 is the usual value)")
            }
            for (name, w) in [("weightA", weightA), ("weightB", weightB)] where !(w.isFinite && w >= 0) {
                throw RerankError.invalidArgument("reciprocal-rank fusion needs \(name) ≥ 0 and finite, got \(w) (hint: 1 weighs both runs equally)")
            }
        case .linear(let weight):
            guard weight >= 0, weight <= 1 else {   // false for NaN too
                throw RerankError.invalidArgument("linear fusion needs a weight in [0, 1], got \(weight) (hint: it is the first run's share; 0.5 weighs both equally)")
            }
        }
    }
}

/// `a` and `b` fused query by query with `method` (see `RunFusion` for the formulas).
///
/// - Every query of either run is kept; a query present in only one run gets that run's contribution alone
///   (its own order for `.reciprocalRank`; its normalised scores times its weight for `.linear`).
/// - A document listed twice in one run counts once, at its first position (and with its first score).
/// - Each query's documents are sorted by fused score descending, ties by document id ascending (byte-wise), so
///   the result never depends on dictionary order. (Evaluation re-sorts exact ties by id *descending*, as
///   trec_eval does; fused scores rarely tie exactly.)
/// - `tag` names the fused run; by default `"<a.tag>+<b.tag>"`.
///
/// ```swift
/// let hybrid = try fuse(reranked, bm25Run, method: .reciprocalRank(k: 60))
/// let mixed = try fuse(reranked, bm25Run, method: .linear(weight: 0.7))
/// ```
/// - Throws: `RerankError.invalidArgument` for bad parameters (k ≤ 0, a negative RRF weight, α outside [0, 1])
///   or, for `.linear`, a score that is NaN or infinite.
public func fuse(_ a: Run, _ b: Run, method: RunFusion = .reciprocalRank(), tag: String? = nil) throws -> Run {
    try method.validate()
    if case .linear = method {
        for (name, run) in [("first", a), ("second", b)] {
            for queryID in run.queryIDs {
                if let bad = run.rankings[queryID]!.first(where: { !$0.score.isFinite }) {
                    throw RerankError.invalidArgument("linear fusion needs finite scores; the \(name) run gives \(bad.score) to \"\(bad.id)\" (query \"\(queryID)\") (hint: use .reciprocalRank, which looks at ranks only)")
                }
            }
        }
    }
    var fused = Run(tag: tag ?? [a.tag, b.tag].filter { !$0.isEmpty }.joined(separator: "+"))
    for queryID in Set(a.rankings.keys).union(b.rankings.keys) {
        let first = FusionInput(a.rankings[queryID] ?? []), second = FusionInput(b.rankings[queryID] ?? [])
        var scores: [String: Double] = [:]
        switch method {
        case .reciprocalRank(let k, let weightA, let weightB):
            for (input, weight) in [(first, weightA), (second, weightB)] {
                for (index, document) in input.documents.enumerated() {
                    scores[document.id, default: 0] += weight / (k + Double(index + 1))
                }
            }
        case .linear(let alpha):
            for (input, weight) in [(first, alpha), (second, 1 - alpha)] {
                for document in input.documents { scores[document.id, default: 0] += weight * input.normalised(document.score) }
            }
        }
        fused.rankings[queryID] = scores.map { ScoredDocument(id: $0.key, score: $0.value) }.sorted { x, y in
            x.score != y.score ? x.score > y.score : x.id.utf8.lexicographicallyPrecedes(y.id.utf8)
        }
    }
    return fused
}

/// One run's list for one query, without repeated documents, with the range of its scores.
private struct FusionInput {
    /// Documents in list order, each at its first occurrence.
    let documents: [ScoredDocument]
    let minimum: Double, maximum: Double

    init(_ ranking: [ScoredDocument]) {
        var seen = Set<String>()
        documents = ranking.filter { seen.insert($0.id).inserted }
        minimum = documents.map(\.score).min() ?? 0
        maximum = documents.map(\.score).max() ?? 0
    }

    /// `(score − min) / (max − min)`, or 0.5 when every score is the same.
    func normalised(_ score: Double) -> Double {
        maximum > minimum ? (score - minimum) / (maximum - minimum) : 0.5
    }
}
