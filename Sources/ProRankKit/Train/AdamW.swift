// AdamW: Adam with decoupled weight decay, one fused pass over each parameter.

/// The AdamW optimiser (PyTorch's `torch.optim.AdamW` semantics, per-parameter step counts):
///
/// ```
/// θ ← θ · (1 − lr·λ)                      (decoupled weight decay)
/// m ← β₁m + (1 − β₁)g        v ← β₂v + (1 − β₂)g²
/// θ ← θ − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
/// ```
/// Parameters without a gradient are skipped (their step count does not advance).
///
/// ### References
/// I. Loshchilov, F. Hutter, "Decoupled Weight Decay Regularization", arXiv 1711.05101.
public final class AdamW {
    public struct Config: Sendable {
        public var learningRate: Float
        public var beta1: Float
        public var beta2: Float
        public var epsilon: Float
        public var weightDecay: Float

        public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0.01) {
            (self.learningRate, self.beta1, self.beta2, self.epsilon, self.weightDecay) = (learningRate, beta1, beta2, epsilon, weightDecay)
        }
    }

    /// Moment estimates of one parameter.
    final class State {
        let m: TensorStorage, v: TensorStorage
        var step = 0
        init(count: Int) {
            m = TensorStorage(count: count, repeating: 0)
            v = TensorStorage(count: count, repeating: 0)
        }
    }

    public let parameters: [Tensor]
    public var config: Config
    var states: [State?]

    public init(_ parameters: [Tensor], config: Config = Config()) {
        self.parameters = parameters
        self.config = config
        states = Array(repeating: nil, count: parameters.count)
    }

    /// Number of steps taken by the parameter that has been updated most often.
    public var stepCount: Int { states.reduce(0) { Swift.max($0, $1?.step ?? 0) } }

    /// One update of every parameter that has a gradient, with `learningRate` overriding the config's
    /// (for schedules).
    public func step(learningRate: Float? = nil) {
        let lr = learningRate ?? config.learningRate
        let (b1, b2, eps, wd) = (config.beta1, config.beta2, config.epsilon, config.weightDecay)
        for (i, p) in parameters.enumerated() {
            guard let grad = p.grad else { continue }
            let state = states[i] ?? State(count: p.count)
            states[i] = state
            state.step += 1
            let t = Float(state.step)
            let bias1 = 1 - pow(b1, t), bias2Sqrt = (1 - pow(b2, t)).squareRoot()
            let stepSize = lr / bias1, decay = 1 - lr * wd
            let x = p.storage.base, g = grad.storage.base, m = state.m.base, v = state.v.base
            for j in 0..<p.count {
                let gj = g[j]
                let mj = b1 * m[j] + (1 - b1) * gj
                let vj = b2 * v[j] + (1 - b2) * gj * gj
                m[j] = mj
                v[j] = vj
                x[j] = x[j] * decay - stepSize * mj / (vj.squareRoot() / bias2Sqrt + eps)
            }
        }
    }

    /// Clears the gradients of all parameters.
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }
}

import Foundation
