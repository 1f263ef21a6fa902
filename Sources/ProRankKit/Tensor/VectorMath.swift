// Elementary functions on Float32 buffers written so that LLVM vectorises the loops (only arithmetic, bit
// casts and selects inside; no libm calls, no traps). libm's expf, called one element at a time, dominated
// softmax and SiLU time in the model forward pass.

/// Loop kernels over raw buffers.
enum VectorMath {
    /// eˣ with Cephes' single-precision range reduction and polynomial: x = n·ln 2 + r with n the nearest
    /// integer to x/ln 2, eʳ ≈ 1 + r + r²·P(r), result = 2ⁿ·eʳ. Relative error ≤ 2 ulp on [−87.3, 88.3];
    /// below −87.3 the result is 0 (so −∞ gives exactly 0), above 88.3 it is +∞, NaN stays NaN.
    ///
    /// ### References
    /// S. L. Moshier, Cephes Mathematical Library, `expf.c`.
    @inline(__always)
    static func exp(_ x: Float) -> Float {
        // Adding 1.5·2²³ rounds to an integer that then sits in the low mantissa bits.
        let magic: Float = 12_582_912
        let xc = x < -87.3 ? -87.3 : (x > 88.3 ? 88.3 : x)
        let t = xc * 1.442_695_04 + magic
        let n = t - magic
        var r = xc - n * 0.693_359_375
        r = r + n * 2.121_944_4e-4
        var p: Float = 1.987_569_15e-4
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_59e-2
        p = p * r + 1.666_666_55e-1
        p = p * r + 5.000_000_12e-1
        let er = p * (r * r) + r + 1
        let scale = Float(bitPattern: (t.bitPattern &- 0x4B40_0000 &+ 127) &<< 23)
        let y = er * scale
        return x < -87.3 ? 0 : (x > 88.3 ? .infinity : y)
    }

    /// σ(x) = 1 / (1 + e⁻ˣ).
    @inline(__always)
    static func sigmoid(_ x: Float) -> Float { 1 / (1 + exp(-x)) }

    /// dst[i] = f(src[i]) for `count` floats (dst may equal src).
    @inline(__always)
    static func map(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, count: Int, _ f: (Float) -> Float) {
        for i in 0..<count { dst[i] = f(src[i]) }
    }

    /// dst[i] = f(a[i], b[i]) for `count` floats.
    @inline(__always)
    static func map2(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, count: Int,
                     _ f: (Float, Float) -> Float) {
        for i in 0..<count { dst[i] = f(a[i], b[i]) }
    }

    /// Σ of `count` floats, in 16 independent lanes (vectorised) then reduced.
    @inline(__always)
    static func sum(_ src: UnsafePointer<Float>, count: Int) -> Float {
        var acc = SIMD16<Float>(repeating: 0)
        var i = 0
        while i + 16 <= count {
            acc += UnsafeRawPointer(src + i).loadUnaligned(as: SIMD16<Float>.self)
            i += 16
        }
        var s: Float = 0
        for lane in 0..<16 { s += acc[lane] }
        while i < count { s += src[i]; i += 1 }
        return s
    }

    /// max of `count` floats (−∞ when empty), in 8 independent accumulators.
    @inline(__always)
    static func max(_ src: UnsafePointer<Float>, count: Int) -> Float {
        var m0 = -Float.infinity, m1 = m0, m2 = m0, m3 = m0, m4 = m0, m5 = m0, m6 = m0, m7 = m0
        var i = 0
        while i + 8 <= count {
            m0 = src[i] > m0 ? src[i] : m0
            m1 = src[i + 1] > m1 ? src[i + 1] : m1
            m2 = src[i + 2] > m2 ? src[i + 2] : m2
            m3 = src[i + 3] > m3 ? src[i + 3] : m3
            m4 = src[i + 4] > m4 ? src[i + 4] : m4
            m5 = src[i + 5] > m5 ? src[i + 5] : m5
            m6 = src[i + 6] > m6 ? src[i + 6] : m6
            m7 = src[i + 7] > m7 ? src[i + 7] : m7
            i += 8
        }
        var m = Swift.max(Swift.max(Swift.max(m0, m1), Swift.max(m2, m3)), Swift.max(Swift.max(m4, m5), Swift.max(m6, m7)))
        while i < count { m = Swift.max(m, src[i]); i += 1 }
        return m
    }

    /// dst = exp(src − shift); returns Σ dst. `dst` must not overlap `src` except by being equal (then the
    /// in-place loop runs: a two-pointer loop whose pointers overlap fails LLVM's alias check and runs scalar).
    @inline(__always)
    static func expShiftedSum(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, count: Int, shift: Float) -> Float {
        if UnsafePointer(dst) == src {
            for i in 0..<count { dst[i] = exp(dst[i] - shift) }
        } else {
            for i in 0..<count { dst[i] = exp(src[i] - shift) }
        }
        return sum(dst, count: count)
    }

    /// Σ exp(src − shift), through a stack buffer in chunks (nothing stored).
    @inline(__always)
    static func expShiftedSum(_ src: UnsafePointer<Float>, count: Int, shift: Float) -> Float {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 256) { buffer in
            let tmp = buffer.baseAddress!
            var total: Float = 0, start = 0
            while start < count {
                let n = Swift.min(256, count - start)
                total += expShiftedSum(src + start, tmp, count: n, shift: shift)
                start += n
            }
            return total
        }
    }
}
