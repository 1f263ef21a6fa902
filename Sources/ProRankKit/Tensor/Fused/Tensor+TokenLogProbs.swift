// Log-probabilities of chosen tokens under a tempered softmax, fused: the per-token log π(o_t) that GRPO's ratio,
// KL and SFT need, without materialising a [N, V] log-softmax.

import Foundation

extension Tensor {
    /// `self` = logits [N, V] → [N] with
    ///
    /// ```
    /// logpᵢ = log softmax(zᵢ / T)[tᵢ] = zᵢ[tᵢ]/T − logsumexp(zᵢ / T)
    /// d logpᵢ / d zᵢ = (onehot(tᵢ) − softmax(zᵢ / T)) / T
    /// ```
    /// (TRL divides the logits by the sampling temperature before the log-softmax; T = 1 is the plain model.)
    public func tokenLogProbabilities(targets: [Int], temperature: Float = 1) -> Tensor {
        precondition(rank == 2, "tokenLogProbabilities: logits must be [N, V], got \(shape)")
        precondition(temperature > 0 && temperature.isFinite, "tokenLogProbabilities: temperature must be > 0, got \(temperature)")
        let (n, v) = (shape[0], shape[1])
        precondition(targets.count == n, "tokenLogProbabilities: \(targets.count) targets for logits \(shape)")
        for t in targets { precondition(t >= 0 && t < v, "tokenLogProbabilities: target \(t) out of range for vocabulary \(v)") }
        let inverse = 1 / temperature
        // z / T once: the forward pass and the backward both read it.
        let scaled = Tensor.uninitialized(shape), pz = storage.base, ps = scaled.storage.base
        for i in 0..<count { ps[i] = pz[i] * inverse }
        var lse = [Float](repeating: 0, count: n)
        let out = Tensor.uninitialized([n]), po = out.storage.base
        for i in 0..<n {
            lse[i] = Tensor.logSumExp(ps + i * v, v)
            po[i] = ps[i * v + targets[i]] - lse[i]
        }
        return Tensor.record(out, op: "tokenLogProbabilities", inputs: [self]) { g, _ in
            let gz = Tensor.uninitialized(self.shape), pgz = gz.storage.base, pg = g.storage.base
            let ps = scaled.storage.base   // the closure keeps `scaled` alive
            for i in 0..<n {
                let dz = pgz + i * v, scale = pg[i] * inverse
                _ = VectorMath.expShiftedSum(ps + i * v, dz, count: v, shift: lse[i])
                for j in 0..<v { dz[j] *= -scale }
                dz[targets[i]] += scale
            }
            return [gz]
        }
    }
}
