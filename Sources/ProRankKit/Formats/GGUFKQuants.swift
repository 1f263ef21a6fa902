// K-quant dequantization (Q2_K, Q3_K, Q4_K, Q5_K, Q6_K): 256-element super-blocks with 16 or 8 sub-block
// scales. Follows reference/gguf.md §3 formula by formula; element e of a block, h = e/128, r = e%128.
// Each sub-block's scale products (`d·sc`, `dmin·m`) are computed once, then every element is one multiply
// (and one subtract) — the same Float32 operations in the same order as the element-wise formulas.

extension GGMLDequantizer {
    /// Q2_K (84 bytes): `scales[16]`@0, `qs[64]`@16, `d`@80, `dmin`@82.
    /// ```
    /// sc = scales[e/16] & 15,  mn = scales[e/16] >> 4
    /// n  = (qs[32h + r%32] >> 2·(r/32)) & 3
    /// y  = (d·sc)·n − (dmin·mn)
    /// ```
    static func q2_K(_ src: UnsafePointer<UInt8>, blocks: Int, _ dst: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let x = src + 84 * b, y = dst + 256 * b
            let d = half(x, 80), dmin = half(x, 82)
            let qs = x + 16
            for g in 0..<16 {
                let scale = x[g]
                let dl = d * Float(scale & 15), ml = dmin * Float(scale >> 4)
                // For e = 16g + k: h = g/8, r%32 = 16·(g%2) + k, r/32 = (g%8)/2.
                let q = qs + 32 * (g >> 3) + 16 * (g & 1), shift = UInt8(2 * ((g & 7) >> 1))
                for k in 0..<16 {
                    y[16 * g + k] = dl * Float((q[k] >> shift) & 3) - ml
                }
            }
        }
    }

    /// Q3_K (110 bytes): `hmask[32]`@0, `qs[64]`@32, `scales[12]`@96, `d`@108.
    /// ```
    /// s_j = ((scales[j%8] >> 4·(j/8)) & 15 | ((scales[8 + j%4] >> 2·(j/4)) & 3) << 4) − 32
    /// n   = ((qs[32h + r%32] >> 2·(r/32)) & 3) − (hmask[e%32] >> (e/32) & 1 ? 0 : 4)
    /// y   = (d·s_{e/16})·n
    /// ```
    static func q3_K(_ src: UnsafePointer<UInt8>, blocks: Int, _ dst: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let x = src + 110 * b, y = dst + 256 * b
            let d = half(x, 108)
            let hmask = x, qs = x + 32, scales = x + 96
            for j in 0..<16 {
                let lo = (scales[j & 7] >> UInt8(4 * (j >> 3))) & 15
                let hi = (scales[8 + (j & 3)] >> UInt8(2 * (j >> 2))) & 3
                let dl = d * Float(Int32(lo | hi << 4) - 32)
                // For e = 16j + k: h = j/8, r%32 = e%32 = 16·(j%2) + k, r/32 = (j%8)/2, e/32 = j/2.
                let q = qs + 32 * (j >> 3) + 16 * (j & 1), shift = UInt8(2 * ((j & 7) >> 1))
                let m = hmask + 16 * (j & 1), bit = UInt8(j >> 1)
                for k in 0..<16 {
                    let low2 = Int32((q[k] >> shift) & 3)
                    let n = low2 - ((m[k] >> bit) & 1 != 0 ? 0 : 4)
                    y[16 * j + k] = dl * Float(n)
                }
            }
        }
    }

    /// The 6-bit scale and min of sub-block `j` (0..<8) of a Q4_K/Q5_K block, packed in `S[12]`:
    /// ```
    /// j < 4:  sc = S[j] & 63,                          m = S[j+4] & 63
    /// j ≥ 4:  sc = (S[j+4] & 15) | (S[j−4] >> 6) << 4,  m = (S[j+4] >> 4) | (S[j] >> 6) << 4
    /// ```
    @inline(__always)
    static func scaleMinK4(_ s: UnsafePointer<UInt8>, _ j: Int) -> (scale: UInt8, min: UInt8) {
        if j < 4 { return (s[j] & 63, s[j + 4] & 63) }
        return ((s[j + 4] & 15) | (s[j - 4] >> 6) << 4, (s[j + 4] >> 4) | (s[j] >> 6) << 4)
    }

    /// Q4_K (144 bytes): `d`@0, `dmin`@2, `S[12]`@4, `qs[128]`@16; eight sub-blocks of 32, `j = e/32`.
    /// ```
    /// byte = qs[32·(e/64) + e%32],  n = j even ? byte & 15 : byte >> 4
    /// y    = (d·sc_j)·n − (dmin·m_j)
    /// ```
    static func q4_K(_ src: UnsafePointer<UInt8>, blocks: Int, _ dst: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let x = src + 144 * b, y = dst + 256 * b
            let d = half(x, 0), dmin = half(x, 2)
            let s = x + 4, qs = x + 16
            for j in 0..<8 {
                let (sc, m) = scaleMinK4(s, j)
                let dl = d * Float(sc), ml = dmin * Float(m)
                let chunk = qs + 32 * (j >> 1), shift = UInt8(4 * (j & 1))
                for k in 0..<32 {
                    let n = (chunk[k] >> shift) & 15
                    y[32 * j + k] = dl * Float(n) - ml
                }
            }
        }
    }

    /// Q5_K (176 bytes): `d`@0, `dmin`@2, `S[12]`@4, `qh[32]`@16, `qs[128]`@48; the Q4_K nibble plus a fifth
    /// bit `(qh[e%32] >> (e/32)) & 1`; scale, min and value as in Q4_K.
    static func q5_K(_ src: UnsafePointer<UInt8>, blocks: Int, _ dst: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let x = src + 176 * b, y = dst + 256 * b
            let d = half(x, 0), dmin = half(x, 2)
            let s = x + 4, qh = x + 16, qs = x + 48
            for j in 0..<8 {
                let (sc, m) = scaleMinK4(s, j)
                let dl = d * Float(sc), ml = dmin * Float(m)
                let chunk = qs + 32 * (j >> 1), shift = UInt8(4 * (j & 1))
                for k in 0..<32 {
                    // e = 32j + k, so e%32 = k and e/32 = j.
                    let n = ((chunk[k] >> shift) & 15) | ((qh[k] >> UInt8(j)) & 1) << 4
                    y[32 * j + k] = dl * Float(n) - ml
                }
            }
        }
    }

    /// Q6_K (210 bytes): `ql[128]`@0, `qh[64]`@128, `scales[16]` i8 @192, `d`@208.
    /// ```
    /// n = ((ql[64h + r%64] >> 4·(r/64)) & 15 | ((qh[32h + r%32] >> 2·(r/32)) & 3) << 4) − 32
    /// y = (d·scales[e/16])·n
    /// ```
    static func q6_K(_ src: UnsafePointer<UInt8>, blocks: Int, _ dst: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let x = src + 210 * b, y = dst + 256 * b
            let d = half(x, 208)
            let ql = x, qh = x + 128, scales = x + 192
            for g in 0..<16 {
                let dl = d * Float(Int8(bitPattern: scales[g]))
                // For e = 16g + k: h = g/8, r%64 = 16·(g%4) + k, r/64 = (g%8)/4, r%32 = 16·(g%2) + k, r/32 = (g%8)/2.
                let l = ql + 64 * (g >> 3) + 16 * (g & 3), lowShift = UInt8(4 * ((g & 7) >> 2))
                let q = qh + 32 * (g >> 3) + 16 * (g & 1), highShift = UInt8(2 * ((g & 7) >> 1))
                for k in 0..<16 {
                    let lo = (l[k] >> lowShift) & 15
                    let hi = (q[k] >> highShift) & 3
                    y[16 * g + k] = dl * Float(Int32(lo | hi << 4) - 32)
                }
            }
        }
    }
}
