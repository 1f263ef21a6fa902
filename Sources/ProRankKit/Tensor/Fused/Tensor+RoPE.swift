// Rotary position embedding in Hugging Face's rotate-half layout, applied to [B, T, H, D].

import Foundation

extension Tensor {
    /// Rotates each head vector of `self` ([B, T, H, D], D even) by its position, pairing dimension i with
    /// i + D/2 (the "rotate half" layout of Hugging Face Llama/Qwen2):
    ///
    /// ```
    /// ωᵢ = θ^(−2i/D)      a = pos · ωᵢ      (i < D/2)
    /// y[i]       = x[i]·cos a − x[i+D/2]·sin a
    /// y[i+D/2]   = x[i+D/2]·cos a + x[i]·sin a
    /// ```
    /// `positions` holds one absolute position per time step (T entries; e.g. `prefixLength + t` after a KV
    /// cache). The inverse frequencies and angles are formed in Float32 as transformers does, then cos/sin are
    /// taken in Double. Backward: rotation by −a.
    ///
    /// ### References
    /// J. Su et al., "RoFormer: Enhanced Transformer with Rotary Position Embedding", arXiv 2104.09864.
    public func rope(positions: [Int], theta: Float) -> Tensor {
        precondition(rank == 4, "rope: expects [B, T, H, D], got \(shape)")
        let (b, t, h, d) = (shape[0], shape[1], shape[2], shape[3])
        precondition(d % 2 == 0, "rope: head dimension \(d) must be even")
        precondition(positions.count == t, "rope: \(positions.count) positions for T = \(t) in \(shape)")
        let half = d / 2
        var cosTable = [Float](repeating: 0, count: t * half), sinTable = cosTable
        for (ti, pos) in positions.enumerated() {
            for i in 0..<half {
                let invFreq = 1 / Foundation.pow(theta, Float(2 * i) / Float(d))
                let angle = Double(Float(pos) * invFreq)
                cosTable[ti * half + i] = Float(Foundation.cos(angle))
                sinTable[ti * half + i] = Float(Foundation.sin(angle))
            }
        }
        func rotate(_ src: Tensor, sign: Float) -> Tensor {
            let out = Tensor.uninitialized(src.shape), px = src.storage.base, py = out.storage.base
            cosTable.withUnsafeBufferPointer { cs in
                sinTable.withUnsafeBufferPointer { sn in
                    for bi in 0..<b {
                        for ti in 0..<t {
                            let c = cs.baseAddress! + ti * half, s = sn.baseAddress! + ti * half
                            for hi in 0..<h {
                                let o = ((bi * t + ti) * h + hi) * d
                                let x = px + o, y = py + o
                                for i in 0..<half {
                                    let x1 = x[i], x2 = x[i + half], si = sign * s[i]
                                    y[i] = x1 * c[i] - x2 * si
                                    y[i + half] = x2 * c[i] + x1 * si
                                }
                            }
                        }
                    }
                }
            }
            return out
        }
        return Tensor.record(rotate(self, sign: 1), op: "rope", inputs: [self]) { g, _ in [rotate(g, sign: -1)] }
    }
}
