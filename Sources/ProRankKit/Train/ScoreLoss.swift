// The losses of stage 2, fine-grained score learning (reference/method.md, "Stage 2"), on the ProRank score
// s = z["1"] − z["0"] of every candidate of a list. Targets are grade / maxGrade in [0, 1]: a binary list
// (1, 0, 0, …) is the graded case with maxGrade 1, so one definition serves both (fixtures/scorelearn checks
// all eight named losses of the reference against torch autograd in float64).

import Foundation

/// A loss over lists of candidate scores.
///
/// With s the scores and y the targets (grade / maxGrade) of the candidates, lists q = 1…Q:
/// ```
/// listwise:  mean_q  −Σᵢ pᵢ log softmax(s_q)ᵢ,   pᵢ = yᵢ / Σⱼ yⱼ (uniform when all yⱼ = 0)
/// pointwise: mean over all candidates of BCE-with-logits(sᵢ, yᵢ) = max(s, 0) − s·y + log(1 + e^−|s|)
/// pairwise:  mean over all pairs (i, j) of one list with yᵢ > yⱼ of log(1 + exp(−(sᵢ − sⱼ)))   (RankNet)
/// graded:    mean over all candidates of (σ(sᵢ) − yᵢ)²
/// ```
/// For a binary list with the positive first, listwise is the softmax cross-entropy of the positive among
/// 1 + n candidates.
///
/// ### References
/// Burges et al., "Learning to Rank using Gradient Descent", ICML 2005 (RankNet); Cao et al., "Learning to
/// Rank: From Pairwise Approach to Listwise Approach", ICML 2007.
public enum ScoreLoss: String, Sendable, Equatable, CaseIterable {
    case listwise, pointwise, pairwise, graded

    /// The loss of `scores` ([n]: the candidates of all lists, concatenated), recorded on the tape.
    /// `listSizes` partitions the candidates; `targets` (n values in [0, 1]) are grade / maxGrade.
    public func loss(scores: Tensor, listSizes: [Int], targets: [Double]) -> Tensor {
        precondition(scores.rank == 1, "ScoreLoss: scores must be [n], got \(scores.shape)")
        let (value, _, gradient) = evaluate(scores: scores.scalars.map(Double.init), listSizes: listSizes, targets: targets)
        let n = scores.count
        return Tensor.record(Tensor(Float(value)), op: "scoreLoss.\(rawValue)", inputs: [scores]) { g, _ in
            [Tensor(shape: [n], data: gradient.map { Float($0) * g.item })]
        }
    }

    /// The loss, its terms (per candidate, per list or per pair, as the definition averages them, lists in
    /// order) and d loss / d s, in Double.
    public func evaluate(scores: [Double], listSizes: [Int], targets: [Double]) -> (loss: Double, perItem: [Double], gradient: [Double]) {
        precondition(listSizes.allSatisfy { $0 >= 1 } && listSizes.reduce(0, +) == scores.count && targets.count == scores.count,
                     "ScoreLoss: list sizes \(listSizes) and \(targets.count) targets must cover the \(scores.count) scores")
        var starts: [Int] = [], start = 0
        for size in listSizes { starts.append(start); start += size }
        var items: [Double] = [], gradient = [Double](repeating: 0, count: scores.count)
        switch self {
        case .pointwise, .graded:
            let n = Double(scores.count)
            for (i, (s, y)) in zip(scores, targets).enumerated() {
                let p = Self.sigmoid(s)
                if self == .pointwise {
                    items.append(Swift.max(s, 0) - s * y + Foundation.log1p(Foundation.exp(-Swift.abs(s))))
                    gradient[i] = (p - y) / n
                } else {
                    items.append((p - y) * (p - y))
                    gradient[i] = 2 * (p - y) * p * (1 - p) / n
                }
            }
        case .listwise:
            let q = Double(listSizes.count)
            for (start, size) in zip(starts, listSizes) {
                let s = scores[start..<(start + size)], y = targets[start..<(start + size)]
                let mass = y.reduce(0, +)
                let p = mass > 0 ? y.map { $0 / mass } : Array(repeating: 1 / Double(size), count: size)
                let m = s.max()!
                let logZ = m + Foundation.log(s.reduce(0) { $0 + Foundation.exp($1 - m) })
                items.append(zip(s, p).reduce(0) { $0 - $1.1 * ($1.0 - logZ) })
                for (k, (sk, pk)) in zip(s, p).enumerated() { gradient[start + k] = (Foundation.exp(sk - logZ) - pk) / q }
            }
        case .pairwise:
            var pairs: [(Int, Int)] = []
            for (start, size) in zip(starts, listSizes) {
                for i in start..<(start + size) {
                    for j in start..<(start + size) where targets[i] > targets[j] { pairs.append((i, j)) }
                }
            }
            let count = Double(pairs.count)
            for (i, j) in pairs {
                let d = scores[i] - scores[j]
                items.append(Self.softplus(-d))
                let slope = Self.sigmoid(-d) / count   // d log(1 + e^−d) / dd = −σ(−d)
                gradient[i] -= slope
                gradient[j] += slope
            }
        }
        let loss = items.isEmpty ? 0 : items.reduce(0, +) / Double(items.count)
        return (loss, items, gradient)
    }

    static func sigmoid(_ x: Double) -> Double { x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x)) }
    /// log(1 + eˣ), stable for large |x|.
    static func softplus(_ x: Double) -> Double { Swift.max(x, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(x))) }
}

extension Tensor {
    /// s = z[one] − z[zero] for logits [n, V] (or [n, 2] head rows with `one` = 0, `zero` = 1): the ProRank
    /// score of each row, [n].
    public func relevanceScores(one: Int, zero: Int) -> Tensor {
        precondition(rank == 2, "relevanceScores: logits must be [n, V], got \(shape)")
        let n = shape[0]
        return (indexSelect(axis: 1, [one]) - indexSelect(axis: 1, [zero])).reshaped([n])
    }
}
