// Evaluating a run against qrels: per-query values and their means, as trec_eval / pytrec_eval report them.

import Foundation

/// Per-query values and means of a set of metrics, keyed by each metric's name as given.
///
/// `perQuery[qid][name]` holds one query's value; `mean[name]` the arithmetic mean over `queryIDs` (what BEIR
/// reports, unrounded; 0 when no query was evaluated).
public struct Evaluation: Sendable, Equatable {
    /// The metrics, in the order asked for.
    public let metrics: [Metric]
    /// The evaluated queries (in both the qrels and the run), in byte-wise order.
    public let queryIDs: [String]
    /// Query id → metric name → value.
    public let perQuery: [String: [String: Double]]
    /// Metric name → mean over `queryIDs`.
    public let mean: [String: Double]

    public init(metrics: [Metric], perQuery: [String: [String: Double]]) {
        precondition(Set(metrics.map(\.name)).count == metrics.count, "metric names must be unique: \(metrics.map(\.name))")
        self.metrics = metrics
        self.perQuery = perQuery
        queryIDs = perQuery.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var mean: [String: Double] = [:]
        for metric in metrics {
            let values = queryIDs.map { perQuery[$0]?[metric.name] ?? 0 }
            mean[metric.name] = values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        }
        self.mean = mean
    }

    /// One metric's per-query values in `queryIDs` order (for plots and significance tests).
    public func values(_ name: String) -> [Double] {
        queryIDs.map { perQuery[$0]?[name] ?? 0 }
    }

    /// trec_eval-style text: `metric<TAB>query<TAB>value` lines with 4 decimals, the per-query lines first
    /// (when `byQuery`; query by query, metrics in the order asked for), then the means under the query `all`.
    public func trecText(byQuery: Bool = false) -> String {
        var out = ""
        func line(_ metric: Metric, _ query: String, _ value: Double) {
            out += "\(metric.name)\t\(query)\t\(String(format: "%.4f", value))\n"
        }
        if byQuery {
            for q in queryIDs { for m in metrics { line(m, q, perQuery[q]?[m.name] ?? 0) } }
        }
        for m in metrics { line(m, "all", mean[m.name] ?? 0) }
        return out
    }
}

/// Evaluates `run` against `qrels` as trec_eval 9.x / pytrec_eval do (the evaluator BEIR uses).
///
/// - Queries evaluated: those in **both** the qrels and the run. A judged query missing from the run is left
///   out (it does not count as 0); a run query without judgements is ignored.
/// - A judged query without relevant documents is evaluated and scores 0 on every measure (it counts in the mean).
/// - Ranking order, unjudged documents, relevance level and cut-offs: see `JudgedRanking`.
///
/// ```swift
/// let evaluation = evaluate(try Run.read(runURL), try Qrels.read(qrelsURL), metrics: try Metric.parseList("ndcg@10,map"))
/// evaluation.mean["ndcg@10"]      // 0.6651…
/// evaluation.perQuery["q1"]?["map"]
/// ```
public func evaluate(_ run: Run, _ qrels: Qrels, metrics: [Metric] = Metric.standard, relevanceLevel: Int = 1) -> Evaluation {
    var perQuery: [String: [String: Double]] = [:]
    for (query, judgments) in qrels.judgments {
        guard let ranking = run.rankings[query] else { continue }
        let judged = JudgedRanking(ranking: ranking, judgments: judgments, relevanceLevel: relevanceLevel)
        perQuery[query] = Dictionary(metrics.map { ($0.name, judged.value($0)) }, uniquingKeysWith: { first, _ in first })
    }
    return Evaluation(metrics: metrics, perQuery: perQuery)
}
