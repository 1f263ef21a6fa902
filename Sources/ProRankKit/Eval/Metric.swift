// Ranking metric names: "ndcg@10", "map", "map@100", "recip_rank"/"mrr", "recall@100", "P@10", and the
// trec_eval spellings "ndcg_cut_10", "map_cut_100", "recall_100", "P_10", parsed into a `Metric` value.

import Foundation

/// One ranking measure with an optional cut-off, remembering the name it was given by.
///
/// The name as given is the key of the results (`Evaluation.mean["ndcg@10"]`), so a caller reads back exactly
/// the spelling it asked for; two metrics compare equal when they compute the same thing
/// (`Metric("ndcg@10") == Metric("ndcg_cut_10")`).
///
/// Supported names (case-insensitive, so `nDCG@10` and `p@10` work too; `k` is a positive integer):
///
/// | measure | names | trec_eval / pytrec_eval |
/// |---|---|---|
/// | nDCG@k | `ndcg@k`, `ndcg_cut_k`, `ndcg_cut.k`, `ndcg` (whole ranking) | `ndcg_cut.k`, `ndcg` |
/// | AP | `map`, `map@k`, `map_cut_k`, `map_cut.k` | `map`, `map_cut.k` |
/// | reciprocal rank | `recip_rank`, `mrr`, `mrr@k` (first relevant within the top k; not a trec_eval measure) | `recip_rank` |
/// | recall@k | `recall@k`, `recall_k`, `recall.k` | `recall.k` |
/// | precision@k | `P@k`, `P_k`, `P.k` | `P.k` |
///
/// ### Example
/// ```swift
/// let metrics = try Metric.parseList("ndcg@10,map,recip_rank")
/// let evaluation = evaluate(run, qrels, metrics: metrics)
/// print(evaluation.mean["ndcg@10"]!)
/// ```
public struct Metric: Sendable, Hashable, CustomStringConvertible {
    /// What is measured; the formulas are in `RankingMeasures.swift`.
    public enum Measure: String, Sendable, Hashable, CaseIterable {
        case ndcg, averagePrecision, reciprocalRank, recall, precision
    }

    public let measure: Measure
    /// Only the top `cutoff` documents count; `nil` is the whole ranking.
    public let cutoff: Int?
    /// The name the metric was asked for by: the key of its results.
    public let name: String

    public var description: String { name }

    /// A metric from its parts; `name` defaults to the canonical spelling (`ndcg@10`, `map`, `P@10`, …).
    public init(_ measure: Measure, cutoff: Int? = nil, name: String? = nil) {
        precondition(cutoff.map { $0 > 0 } ?? true, "a metric cut-off must be positive, got \(cutoff!)")
        precondition(cutoff != nil || (measure != .recall && measure != .precision), "\(measure) needs a cut-off")
        self.measure = measure
        self.cutoff = cutoff
        self.name = name ?? Metric.canonicalName(measure, cutoff)
    }

    /// Parses a metric name (see the table above); throws `DataError.invalidValue` listing the supported names.
    public init(_ name: String) throws {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard let (measure, cutoff) = Metric.parse(trimmed) else {
            throw DataError.invalidValue("unknown metric \"\(name)\" (hint: supported: \(Metric.supportedNames))")
        }
        self.init(measure, cutoff: cutoff, name: trimmed)
    }

    /// Parses a comma-separated list such as `"ndcg@10,map,recip_rank"`; empty items are skipped, a name given
    /// twice is an error (its results would share one key).
    public static func parseList(_ list: String) throws -> [Metric] {
        var metrics: [Metric] = []
        for item in list.split(separator: ",") where !item.allSatisfy(\.isWhitespace) {
            let metric = try Metric(String(item))
            guard !metrics.contains(where: { $0.name == metric.name }) else {
                throw DataError.invalidValue("metric \"\(metric.name)\" is listed twice (hint: list each metric once)")
            }
            metrics.append(metric)
        }
        guard !metrics.isEmpty else {
            throw DataError.invalidValue("no metrics given (hint: e.g. ndcg@10,map,recip_rank,recall@100,P@10)")
        }
        return metrics
    }

    /// The spellings accepted, for error messages and help texts.
    public static let supportedNames =
        "ndcg@k (ndcg_cut_k), ndcg, map, map@k (map_cut_k), recip_rank (mrr), mrr@k, recall@k (recall_k), P@k (P_k)"

    /// The metrics BEIR reports, in trec_eval spelling order: nDCG@10, MAP, MRR, Recall@100, P@10.
    public static let standard: [Metric] = [
        Metric(.ndcg, cutoff: 10), Metric(.averagePrecision), Metric(.reciprocalRank),
        Metric(.recall, cutoff: 100), Metric(.precision, cutoff: 10),
    ]

    public static func == (a: Metric, b: Metric) -> Bool { a.measure == b.measure && a.cutoff == b.cutoff }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(measure)
        hasher.combine(cutoff)
    }

    private static func canonicalName(_ measure: Measure, _ cutoff: Int?) -> String {
        let base: String
        switch measure {
        case .ndcg: base = "ndcg"
        case .averagePrecision: base = "map"
        case .reciprocalRank: base = cutoff == nil ? "recip_rank" : "mrr"
        case .recall: base = "recall"
        case .precision: base = "P"
        }
        return cutoff.map { "\(base)@\($0)" } ?? base
    }

    /// Splits `base@k`, `base_k`, `base.k` or `base` and maps the base to a measure.
    private static func parse(_ name: String) -> (Measure, Int?)? {
        var base = name.lowercased()
        var cutoff: Int?
        if let at = base.lastIndex(where: { $0 == "@" || $0 == "." || $0 == "_" }),
           let k = Int(base[base.index(after: at)...]) {
            guard k > 0 else { return nil }
            cutoff = k
            base = String(base[..<at])
        }
        switch (base, cutoff) {
        case ("ndcg", _), ("ndcg_cut", .some): return (.ndcg, cutoff)
        case ("map", _), ("map_cut", .some): return (.averagePrecision, cutoff)
        case ("recip_rank", nil): return (.reciprocalRank, nil)
        case ("mrr", _): return (.reciprocalRank, cutoff)
        case ("recall", .some): return (.recall, cutoff)
        case ("p", .some): return (.precision, cutoff)
        default: return nil
        }
    }
}
