// Paired significance tests between two systems' per-query values: the paired t-test and the paired
// randomization (sign-flip permutation) test, as used in IR to say whether a difference in nDCG@10 is real.

import Foundation

/// Two runs compared on one metric over the same queries.
public struct Comparison: Sendable, Equatable {
    /// The metric's name (its key in both evaluations).
    public let metric: String
    /// The paired queries, in byte-wise order.
    public let queryIDs: [String]
    public let meanA: Double
    public let meanB: Double
    /// `mean(b_i − a_i)`: positive when B is better on this metric.
    public let meanDifference: Double
    /// The paired t statistic and its degrees of freedom (n − 1).
    public let t: Double
    public let degreesOfFreedom: Int
    /// Two-sided p-value of the paired t-test.
    public let tTestP: Double
    /// Two-sided p-value of the paired randomization test.
    public let randomizationP: Double
    /// Random sign-flip trials drawn; 0 when the test enumerated all 2ⁿ sign patterns exactly.
    public let trials: Int
    public let seed: UInt64

    /// Whether both tests reject "no difference" at level `alpha`.
    public func isSignificant(at alpha: Double = 0.05) -> Bool { tTestP < alpha && randomizationP < alpha }
}

/// Paired tests on per-query values `a_i`, `b_i` of two systems (differences `d_i = b_i − a_i`, n queries).
public enum PairedTest {
    /// The paired t-test (two-sided):
    /// ```
    /// d̄ = Σ d_i / n      s = sqrt(Σ (d_i − d̄)² / (n − 1))      t = d̄ / (s / √n)      ν = n − 1
    /// p = P(|T_ν| ≥ |t|)
    /// ```
    /// Equal to `scipy.stats.ttest_rel(b, a)`. When every difference is 0 the result is `t = 0, p = 1` (scipy
    /// gives NaN); when all differences are equal and non-zero, `t = ±∞, p = 0`. Needs n ≥ 2.
    ///
    /// ### References
    /// M. D. Smucker, J. Allan, B. Carterette, "A comparison of statistical significance tests for information
    /// retrieval evaluation", CIKM 2007.
    public static func tTest(_ a: [Double], _ b: [Double]) -> (t: Double, degreesOfFreedom: Int, p: Double) {
        precondition(a.count == b.count && a.count >= 2, "a paired t-test needs two equal-length samples of at least 2, got \(a.count) and \(b.count)")
        let d = zip(b, a).map { $0 - $1 }
        let n = Double(d.count)
        let mean = d.reduce(0, +) / n
        let variance = d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        let df = d.count - 1
        if variance == 0 {
            return mean == 0 ? (0, df, 1) : (mean > 0 ? .infinity : -.infinity, df, 0)
        }
        let t = mean / (variance / n).squareRoot()
        return (t, df, StudentT.twoSidedP(t, degreesOfFreedom: Double(df)))
    }

    /// The paired randomization test (two-sided): under the null hypothesis each query's two values are
    /// exchangeable, so each difference's sign is a fair coin.
    /// ```
    /// p = #{sign patterns s : |Σ s_i d_i| ≥ |Σ d_i|} / #patterns
    /// ```
    /// When `2ⁿ ≤ trials` all patterns are enumerated (an exact p-value, no randomness). Otherwise `trials`
    /// patterns are drawn from `SeededRNG(seed)` and `p = (count + 1) / (trials + 1)`, counting the observed
    /// pattern, so the estimate is never 0 (Phipson & Smyth 2010). Sums within 1e-12 (relative) of the
    /// observed one count as ties, so floating-point noise does not decide a tie.
    ///
    /// ### References
    /// M. D. Smucker, J. Allan, B. Carterette, CIKM 2007; B. Phipson, G. K. Smyth, "Permutation p-values should
    /// never be zero", Stat. Appl. Genet. Mol. Biol. 9(1), 2010.
    public static func randomization(_ a: [Double], _ b: [Double], trials: Int = 10_000, seed: UInt64 = 0) -> (p: Double, trials: Int) {
        precondition(a.count == b.count && !a.isEmpty, "a paired randomization test needs two equal-length, non-empty samples, got \(a.count) and \(b.count)")
        precondition(trials > 0, "the randomization test needs at least one trial, got \(trials)")
        let d = zip(b, a).map { $0 - $1 }
        let observed = abs(d.reduce(0, +))
        let threshold = observed - 1e-12 * max(1, d.reduce(0) { $0 + abs($1) })
        func flippedSum(_ bits: (Int) -> Bool) -> Double {
            var sum = 0.0
            for (i, x) in d.enumerated() { sum += bits(i) ? -x : x }
            return sum
        }
        if d.count < 31, 1 << d.count <= trials {
            let patterns = 1 << d.count
            var count = 0
            for mask in 0..<patterns where abs(flippedSum { mask >> $0 & 1 == 1 }) >= threshold { count += 1 }
            return (Double(count) / Double(patterns), 0)
        }
        var rng = SeededRNG(seed: seed)
        var count = 0
        var words = [UInt64](repeating: 0, count: (d.count + 63) / 64)
        for _ in 0..<trials {
            for w in words.indices { words[w] = rng.next() }
            if abs(flippedSum { words[$0 >> 6] >> UInt64($0 & 63) & 1 == 1 }) >= threshold { count += 1 }
        }
        return (Double(count + 1) / Double(trials + 1), trials)
    }
}

/// Compares two evaluations on one metric with the paired t-test and the paired randomization test.
///
/// Both evaluations must hold `metric` and the same queries (evaluate both runs against the same qrels; a run
/// missing a query would silently drop it from the pairing, so that is an error).
///
/// ```swift
/// let bm25 = evaluate(bm25Run, qrels), reranked = evaluate(rerankedRun, qrels)
/// let c = try compare(bm25, reranked, metric: "ndcg@10", trials: 10_000, seed: 7)
/// print(c.meanDifference, c.tTestP, c.randomizationP)
/// ```
public func compare(_ a: Evaluation, _ b: Evaluation, metric: String, trials: Int = 10_000, seed: UInt64 = 0) throws -> Comparison {
    for (label, evaluation) in [("A", a), ("B", b)] where evaluation.mean[metric] == nil {
        throw DataError.invalidValue("compare: evaluation \(label) has no metric \"\(metric)\" (hint: it has \(evaluation.metrics.map(\.name).joined(separator: ", ")))")
    }
    guard a.queryIDs == b.queryIDs else {
        let onlyA = Set(a.queryIDs).subtracting(b.queryIDs).sorted().prefix(5), onlyB = Set(b.queryIDs).subtracting(a.queryIDs).sorted().prefix(5)
        throw DataError.invalidValue("compare: the evaluations cover different queries (only in A: \(onlyA.joined(separator: ", ")); only in B: \(onlyB.joined(separator: ", "))) (hint: evaluate both runs on the same queries)")
    }
    guard a.queryIDs.count >= 2 else {
        throw DataError.invalidValue("compare: \(a.queryIDs.count) paired queries; a significance test needs at least 2")
    }
    guard trials > 0 else { throw DataError.invalidValue("compare: trials must be positive, got \(trials)") }
    let x = a.values(metric), y = b.values(metric)
    let (t, df, p) = PairedTest.tTest(x, y)
    let randomization = PairedTest.randomization(x, y, trials: trials, seed: seed)
    return Comparison(
        metric: metric, queryIDs: a.queryIDs, meanA: a.mean[metric]!, meanB: b.mean[metric]!,
        meanDifference: zip(y, x).reduce(0) { $0 + $1.0 - $1.1 } / Double(x.count),
        t: t, degreesOfFreedom: df, tTestP: p, randomizationP: randomization.p, trials: randomization.trials, seed: seed)
}
