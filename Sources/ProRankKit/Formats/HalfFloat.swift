// 16-bit float conversions shared by the safetensors and GGUF readers: IEEE binary16 and bfloat16 widened
// exactly to Float32, and Float32 rounded to bfloat16 the way PyTorch does. Pure bit manipulation, so results
// do not depend on the CPU's F16C support or on the platform having Swift's `Float16`.

enum HalfFloat {
    /// IEEE binary16 bits widened exactly to Float32. Subnormals, ±0, ±Inf and NaN (payload kept, shifted
    /// into the high mantissa bits, as NumPy does) are preserved.
    ///
    /// ```
    /// e = 0:      (−1)^s · m · 2⁻²⁴            (zero or subnormal)
    /// 0 < e < 31: (−1)^s · (1 + m/1024) · 2^(e−15)
    /// e = 31:     ±Inf (m = 0) or NaN
    /// ```
    @inline(__always)
    static func float(fromHalf h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exponent = UInt32(h >> 10) & 0x1F
        let mantissa = UInt32(h & 0x3FF)
        switch exponent {
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        case 0:
            // m · 2⁻²⁴ is exact in Float32 (m < 2¹⁰); applying the sign separately keeps −0.
            let magnitude = Float(mantissa) * 0x1p-24
            return Float(bitPattern: sign | magnitude.bitPattern)
        default:
            return Float(bitPattern: sign | ((exponent + (127 - 15)) << 23) | (mantissa << 13))
        }
    }

    /// bfloat16 bits widened exactly to Float32: the bf16 bits are the high half of the Float32 bits.
    @inline(__always)
    static func float(fromBFloat16 h: UInt16) -> Float {
        Float(bitPattern: UInt32(h) << 16)
    }

    /// Float32 rounded to bfloat16, to nearest with ties to even; every NaN becomes the quiet NaN `0x7FC0`
    /// (PyTorch's `c10::BFloat16` rounding, so written files match `tensor.to(torch.bfloat16)`).
    @inline(__always)
    static func bfloat16(from x: Float) -> UInt16 {
        if x.isNaN { return 0x7FC0 }
        let bits = x.bitPattern
        let roundingBias = ((bits >> 16) & 1) + 0x7FFF
        return UInt16(truncatingIfNeeded: (bits &+ roundingBias) >> 16)
    }

    /// All 65,536 binary16 values widened, for bulk F16 conversion (256 KiB, built on first use).
    static let halfTable: [Float] = (0...0xFFFF).map { float(fromHalf: UInt16($0)) }

    /// Widens `count` little-endian binary16 values at `src` (any alignment) into `dst`.
    static func widenHalves(_ src: UnsafeRawPointer, count: Int, into dst: UnsafeMutablePointer<Float>) {
        halfTable.withUnsafeBufferPointer { table in
            let bytes = src.assumingMemoryBound(to: UInt8.self)
            for i in 0..<count {
                let h = Int(bytes[2 * i]) | Int(bytes[2 * i + 1]) << 8
                dst[i] = table[h]
            }
        }
    }

    /// Widens `count` little-endian bfloat16 values at `src` (any alignment) into `dst`.
    static func widenBFloat16s(_ src: UnsafeRawPointer, count: Int, into dst: UnsafeMutablePointer<Float>) {
        let bytes = src.assumingMemoryBound(to: UInt8.self)
        for i in 0..<count {
            let h = UInt16(bytes[2 * i]) | UInt16(bytes[2 * i + 1]) << 8
            dst[i] = float(fromBFloat16: h)
        }
    }

    /// Copies `count` little-endian Float32 values at `src` (any alignment) into `dst`.
    static func copyFloats(_ src: UnsafeRawPointer, count: Int, into dst: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(dst).copyMemory(from: src, byteCount: count * MemoryLayout<Float>.size)
    }
}
