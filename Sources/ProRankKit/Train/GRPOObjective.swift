// The GRPO objective of stage 1 (reference/method.md, "Stage 1"), with TRL's GRPOTrainer semantics: group
// advantages, the clipped importance ratio, the k3 KL estimator and the three loss aggregations. It works on
// per-token log-probabilities of sampled completions, so it is the same for any policy (fixtures/grpo checks it
// against torch autograd in float64 with the policy replaced by its logits).

import Foundation

/// How the per-token losses of a batch become one number (`loss_type` in TRL).
public enum GRPOLossType: String, Sendable, Equatable, CaseIterable {
    /// mean over completions of (Σₜ mₜ·ℓₜ / Σₜ mₜ): each completion weighs the same, whatever its length.
    case grpo
    /// Σ m·ℓ / Σ m over the batch: each token weighs the same.
    case bnpo
    /// Σ m·ℓ / (N · maxCompletionLength): Dr. GRPO's constant normaliser (no length bias).
    case drGRPO
}

/// How advantages are scaled (`scale_rewards` in TRL).
public enum AdvantageScaling: String, Sendable, Equatable, CaseIterable {
    /// Aᵢ = (rᵢ − mean_g) / (std_g + 1e-4), std of the completion's group (Bessel-corrected).
    case group
    /// Aᵢ = (rᵢ − mean_g) / (std_all + 1e-4), std over the whole batch; the mean stays per group.
    case batch
    /// Aᵢ = rᵢ − mean_g.
    case none
}

/// What a completion's reward is compared with.
public enum AdvantageBaseline: String, Sendable, Equatable, CaseIterable {
    /// The mean reward of its group (GRPO, TRL): equal rewards in a group give zero advantages.
    case group
    /// The mean reward of the whole batch (REINFORCE++-style): prompts are compared with each other, so a reward
    /// that is the same for a whole group (e.g. `Reward.confidence`) still moves the policy.
    case batch
}

/// Whether the importance ratio is per token (GRPO) or one per completion (GSPO).
public enum ImportanceSampling: String, Sendable, Equatable, CaseIterable {
    /// ρₜ = exp(logpₜ − oldₜ).
    case token
    /// ρ = exp(Σₜ mₜ(logpₜ − oldₜ) / Σₜ mₜ) for every token of the completion (Zheng et al., "Group Sequence
    /// Policy Optimization", arXiv 2507.18071).
    case sequence
}

/// Rewards turned into advantages, with the statistics used.
public struct GRPOAdvantages: Sendable, Equatable {
    /// Summed (weighted) reward per completion.
    public let rewards: [Double]
    /// Mean reward of each completion's group.
    public let groupMean: [Double]
    /// The std each completion was scaled by (its group's, or the batch's for `.batch`; reported for `.none` too).
    public let groupStd: [Double]
    public let advantages: [Double]

    /// `rewardsPerFunction[i][k]` weighted by `weights[k]` and summed; completions i·G ..< (i+1)·G form group i.
    ///
    /// ```
    /// rᵢ = Σₖ wₖ·rᵢₖ     mean_g, std_g over the G rewards of i's group (std with n − 1, as torch .std())
    /// ```
    /// With `baseline: .batch` the mean subtracted is the batch's (`groupMean` then holds it); the scaling is
    /// unchanged.
    public init(rewardsPerFunction: [[Double]], weights: [Double], groupSize: Int, scaling: AdvantageScaling,
                baseline: AdvantageBaseline = .group) {
        precondition(groupSize >= 1 && rewardsPerFunction.count % groupSize == 0,
                     "GRPOAdvantages: \(rewardsPerFunction.count) completions do not form groups of \(groupSize)")
        precondition(rewardsPerFunction.allSatisfy { $0.count == weights.count }, "GRPOAdvantages: one weight per reward function")
        let r = rewardsPerFunction.map { zip($0, weights).reduce(0) { $0 + $1.0 * $1.1 } }
        func meanStd(_ x: ArraySlice<Double>) -> (Double, Double) {
            let mean = x.reduce(0, +) / Double(x.count)
            let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count - 1)
            return (mean, variance.squareRoot())   // n = 1 gives NaN, as torch.std
        }
        var mean = [Double](repeating: 0, count: r.count), std = mean
        for start in stride(from: 0, to: r.count, by: groupSize) {
            let (m, s) = meanStd(r[start..<(start + groupSize)])
            for i in start..<(start + groupSize) { (mean[i], std[i]) = (m, s) }
        }
        if !r.isEmpty, scaling == .batch || baseline == .batch {
            let (m, s) = meanStd(r[...])
            if scaling == .batch { std = std.map { _ in s } }
            if baseline == .batch { mean = mean.map { _ in m } }
        }
        rewards = r
        groupMean = mean
        groupStd = std
        advantages = r.indices.map { scaling == .none ? r[$0] - mean[$0] : (r[$0] - mean[$0]) / (std[$0] + 1e-4) }
    }

    /// Fraction of groups whose rewards are all equal: they carry no learning signal (zero advantages).
    public static func zeroSpreadFraction(rewards: [Double], groupSize: Int) -> Double {
        let groups = stride(from: 0, to: rewards.count, by: groupSize).map { rewards[$0..<Swift.min(rewards.count, $0 + groupSize)] }
        guard !groups.isEmpty else { return 0 }
        return Double(groups.filter { g in g.allSatisfy { $0 == g.first! } }.count) / Double(groups.count)
    }
}

/// The clipped surrogate loss with a KL penalty, over per-token log-probabilities of N completions:
///
/// ```
/// ρ = exp(logp − logp_old)              (logp_old = logp.detach() when no old log-probs are given: μ = 1)
/// ℓₜ = −min(ρ·A, clip(ρ, 1 − ε_low, 1 + ε_high)·A) + β·KLₜ
/// KLₜ = exp(ref − logp) − (ref − logp) − 1         (k3 estimator; ref = the frozen reference policy)
/// ```
/// aggregated by `lossType` over the mask of real completion tokens. Gradients follow torch exactly, including
/// `torch.min`'s split of the gradient between equal arguments.
///
/// ### References
/// Shao et al., "DeepSeekMath", arXiv 2402.03300 (GRPO); TRL's GRPOTrainer (`_compute_loss`); Liu et al.,
/// "Understanding R1-Zero-Like Training", arXiv 2503.20783 (Dr. GRPO).
public struct GRPOObjective: Sendable, Equatable {
    public var lossType: GRPOLossType
    /// KL coefficient β (0 drops the KL term and needs no reference log-probs).
    public var beta: Double
    public var epsilonLow: Double
    public var epsilonHigh: Double
    public var importanceSampling: ImportanceSampling

    public init(lossType: GRPOLossType = .grpo, beta: Double = 0.04, epsilonLow: Double = 0.2, epsilonHigh: Double = 0.2,
                importanceSampling: ImportanceSampling = .token) {
        (self.lossType, self.beta, self.epsilonLow, self.epsilonHigh) = (lossType, beta, epsilonLow, epsilonHigh)
        self.importanceSampling = importanceSampling
    }

    /// Per-token quantities of one evaluation ([N][T], padded positions included; the mask removes them).
    public struct Details: Sendable {
        public var oldLogProbabilities: [[Double]]
        public var ratio: [[Double]]
        public var clippedRatio: [[Double]]
        public var kl: [[Double]]
        public var perTokenLoss: [[Double]]
        /// Masked mean of KLₜ.
        public var meanKL: Double
        /// Masked fraction of tokens whose ratio is clipped where it matters (ρ < 1 − ε_low with A < 0, or
        /// ρ > 1 + ε_high with A > 0), as TRL's `clip_ratio/region_mean`.
        public var clipFraction: Double
    }

    /// The loss (a scalar tensor recorded on the tape when `logProbabilities` tracks gradients) and its details.
    ///
    /// - `logProbabilities`: [N, T] log π_θ of the sampled tokens (at the sampling temperature).
    /// - `old`: [N][T] log-probs of the policy that sampled (μ > 1); nil means `logProbabilities` detached.
    /// - `reference`: [N][T] log-probs of the reference policy; needed when β ≠ 0.
    /// - `mask`: [N][T], true on real completion tokens (up to and including the first end marker).
    /// - `maxCompletionLength`: `drGRPO`'s normaliser (the sampling limit; may exceed T).
    /// - `batchCompletions`, `batchTokens`: the batch's completion count N and masked-token count when these
    ///   rows are one part of a larger batch (one group at a time): the parts' losses and gradients then add up
    ///   to the whole batch's. Default: these rows are the batch.
    public func loss(logProbabilities: Tensor, old: [[Float]]?, reference: [[Float]]?, mask: [[Bool]],
                     advantages: [Double], maxCompletionLength: Int, batchCompletions: Int? = nil,
                     batchTokens: Int? = nil) -> (loss: Tensor, details: Details) {
        precondition(logProbabilities.rank == 2, "GRPOObjective: log-probabilities must be [N, T], got \(logProbabilities.shape)")
        let (n, t) = (logProbabilities.shape[0], logProbabilities.shape[1])
        precondition(mask.count == n && mask.allSatisfy { $0.count == t } && advantages.count == n,
                     "GRPOObjective: mask and advantages must match [\(n), \(t)]")
        precondition(beta == 0 || reference != nil, "GRPOObjective: β ≠ 0 needs reference log-probabilities")
        let lp = logProbabilities.scalars
        func at(_ rows: [[Float]]?, _ i: Int, _ j: Int) -> Double? { rows.map { Double($0[i][j]) } }
        let logp = (0..<n).map { i in (0..<t).map { Double(lp[i * t + $0]) } }
        let oldLP = (0..<n).map { i in (0..<t).map { at(old, i, $0) ?? logp[i][$0] } }
        let tokens = mask.map { Double($0.filter { $0 }.count) }

        // Aggregation weights: loss = Σᵢₜ wᵢₜ·ℓᵢₜ.
        let totalTokens = tokens.reduce(0, +)
        let batchN = Double(batchCompletions ?? n), batchT = Double(batchTokens ?? Int(totalTokens))
        let weight: [[Double]] = (0..<n).map { i in (0..<t).map { j in
            guard mask[i][j] else { return 0 }
            switch lossType {
            case .grpo: return 1 / (Swift.max(1, tokens[i]) * batchN)
            case .bnpo: return 1 / Swift.max(1, batchT)
            case .drGRPO: return 1 / (batchN * Double(maxCompletionLength))
            }
        } }

        var details = Details(oldLogProbabilities: oldLP, ratio: [], clippedRatio: [], kl: [], perTokenLoss: [], meanKL: 0, clipFraction: 0)
        var gradient = [Float](repeating: 0, count: n * t)
        var total = 0.0, klSum = 0.0, clipped = 0.0
        let (low, high) = (1 - epsilonLow, 1 + epsilonHigh)
        for i in 0..<n {
            let a = advantages[i]
            // Sequence-level ratio: one log-weight for the whole completion.
            let sequenceLogRatio = (0..<t).reduce(0.0) { $0 + (mask[i][$1] ? logp[i][$1] - oldLP[i][$1] : 0) } / Swift.max(1, tokens[i])
            var ratioRow: [Double] = [], clippedRow: [Double] = [], klRow: [Double] = [], lossRow: [Double] = []
            var surrogateSlope: [Double] = []   // d(−min(ρA, clip(ρ)A)) / dρ per token
            for j in 0..<t {
                let r = Foundation.exp(importanceSampling == .token ? logp[i][j] - oldLP[i][j] : sequenceLogRatio)
                let c = Swift.min(Swift.max(r, low), high)
                let (l1, l2) = (r * a, c * a)
                let inRange = r >= low && r <= high
                let slope = l1 < l2 ? a : l1 > l2 ? (inRange ? a : 0) : 0.5 * a + 0.5 * (inRange ? a : 0)
                let delta = (at(reference, i, j) ?? logp[i][j]) - logp[i][j]
                let kl = Foundation.exp(delta) - delta - 1
                let ptl = -Swift.min(l1, l2) + (beta != 0 ? beta * kl : 0)
                ratioRow.append(r); clippedRow.append(c); klRow.append(kl); lossRow.append(ptl)
                surrogateSlope.append(-slope)
                total += weight[i][j] * ptl
                if mask[i][j] {
                    klSum += kl
                    if (r < low && a < 0) || (r > high && a > 0) { clipped += 1 }
                }
                // dℓ/dlogp of the token-level terms: the KL always, the surrogate when the ratio is per token.
                var g = beta != 0 ? beta * (1 - Foundation.exp(delta)) : 0
                if importanceSampling == .token { g += -slope * r }
                gradient[i * t + j] = Float(weight[i][j] * g)
            }
            if importanceSampling == .sequence {
                // ρ depends on every masked token: dρ/dlogpₜ = ρ·mₜ / Σm.
                let r = ratioRow.first ?? 1
                let upstream = (0..<t).reduce(0.0) { $0 + weight[i][$1] * surrogateSlope[$1] }
                for j in 0..<t where mask[i][j] { gradient[i * t + j] += Float(upstream * r / Swift.max(1, tokens[i])) }
            }
            details.ratio.append(ratioRow); details.clippedRatio.append(clippedRow)
            details.kl.append(klRow); details.perTokenLoss.append(lossRow)
        }
        details.meanKL = klSum / Swift.max(1, totalTokens)
        details.clipFraction = clipped / Swift.max(1, totalTokens)
        let loss = Tensor.record(Tensor(Float(total)), op: "grpoLoss", inputs: [logProbabilities]) { g, _ in
            [Tensor(shape: [n, t], data: gradient.map { $0 * g.item })]
        }
        return (loss, details)
    }
}
