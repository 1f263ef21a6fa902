// Masked cross-entropy of logits against integer targets, fused with its log-softmax.

import Foundation

extension Tensor {
    /// Mean negative log-likelihood of `targets` under softmax(`self`), `self` = logits [N, V]:
    ///
    /// ```
    /// loss = Σᵢ mᵢ · (logsumexp(zᵢ) − zᵢ[tᵢ]) / Σᵢ mᵢ        dz_i = mᵢ · (softmax(zᵢ) − onehot(tᵢ)) / Σ m
    /// ```
    /// `mask` (N booleans, default all true) selects the rows that count, e.g. completion tokens only; a row
    /// whose target is negative (Hugging Face's −100) also does not count. With no counted row the loss is 0.
    public func crossEntropy(targets: [Int], mask: [Bool]? = nil) -> Tensor {
        precondition(rank == 2, "crossEntropy: logits must be [N, V], got \(shape)")
        let (n, v) = (shape[0], shape[1])
        precondition(targets.count == n, "crossEntropy: \(targets.count) targets for logits \(shape)")
        if let mask { precondition(mask.count == n, "crossEntropy: mask of \(mask.count) for logits \(shape)") }
        let counted = (0..<n).map { targets[$0] >= 0 && (mask?[$0] ?? true) }
        for i in 0..<n where counted[i] {
            precondition(targets[i] < v, "crossEntropy: target \(targets[i]) out of range for vocabulary \(v)")
        }
        let total = counted.filter { $0 }.count
        let pz = storage.base
        var lse = [Float](repeating: 0, count: n)
        var loss: Double = 0
        for i in 0..<n where counted[i] {
            lse[i] = Tensor.logSumExp(pz + i * v, v)
            loss += Double(lse[i] - pz[i * v + targets[i]])
        }
        let out = Tensor(total == 0 ? 0 : Float(loss / Double(total)))
        return Tensor.record(out, op: "crossEntropy", inputs: [self]) { g, _ in
            let gz = Tensor.zeros(self.shape), pgz = gz.storage.base
            guard total > 0 else { return [gz] }
            let scale = g.item / Float(total)
            for i in 0..<n where counted[i] {
                let z = pz + i * v, dz = pgz + i * v
                _ = VectorMath.expShiftedSum(z, dz, count: v, shift: lse[i])
                for j in 0..<v { dz[j] *= scale }
                dz[targets[i]] -= scale
            }
            return [gz]
        }
    }
}
