// Fused RMSNorm over the last axis, forward and backward in single passes.

import Foundation

extension Tensor {
    /// Root-mean-square layer norm over the last axis (C = its size), with a learned gain `weight` [C]:
    ///
    /// ```
    /// r = 1 / √(mean(x²) + ε)        y = x · r · w
    /// dx = r · (g⊙w) − r³ · x · Σ(g⊙w⊙x) / C        dw = Σ_rows g ⊙ x · r
    /// ```
    /// Computed in Float32 like Hugging Face's `LlamaRMSNorm` (which upcasts to float32).
    ///
    /// ### References
    /// B. Zhang, R. Sennrich, "Root Mean Square Layer Normalization", arXiv 1910.07467.
    public func rmsNorm(weight: Tensor, eps: Float) -> Tensor {
        let c = shape.last ?? 0
        precondition(weight.shape == [c], "rmsNorm: weight \(weight.shape) does not match last axis of \(shape)")
        let rows = c == 0 ? 0 : count / c
        let out = Tensor.uninitialized(shape)
        var inverseRMS = [Float](repeating: 0, count: rows)
        let px = storage.base, pw = weight.storage.base, py = out.storage.base
        for r in 0..<rows {
            let x = px + r * c, y = py + r * c
            var ss: Float = 0
            for j in 0..<c { ss += x[j] * x[j] }
            let inv = 1 / (ss / Float(c) + eps).squareRoot()
            inverseRMS[r] = inv
            for j in 0..<c { y[j] = x[j] * inv * pw[j] }
        }
        return Tensor.record(out, op: "rmsNorm", inputs: [self, weight]) { g, _ in
            let gx = Tensor.uninitialized(self.shape), gw = Tensor.zeros(weight.shape)
            let pg = g.storage.base, pgx = gx.storage.base, pgw = gw.storage.base
            for r in 0..<rows {
                let x = px + r * c, gr = pg + r * c, dx = pgx + r * c
                let inv = inverseRMS[r]
                var dot: Float = 0
                for j in 0..<c {
                    dot += gr[j] * pw[j] * x[j]
                    pgw[j] += gr[j] * x[j] * inv
                }
                let k = inv * inv * inv * dot / Float(c)
                for j in 0..<c { dx[j] = inv * gr[j] * pw[j] - k * x[j] }
            }
            return [self.tracksGrad ? gx : nil, weight.tracksGrad ? gw : nil]
        }
    }
}
