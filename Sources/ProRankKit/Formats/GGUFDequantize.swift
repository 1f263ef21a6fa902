// Dequantization of ggml tensor data to Float32: the dispatcher, the plain types (F32, F16, BF16) and the
// legacy 32-element block quants (Q8_0, Q4_0, Q4_1, Q5_0, Q5_1). K-quants are in GGUFKQuants.swift.
//
// Bit-exact with gguf-py 0.19 (reference/gguf.md §3, "exactness rule"): each integer code is converted to
// Float32, then every operation rounds in Float32 in exactly the order written — `(d·n) + m` is a multiply
// followed by an add, never a fused multiply-add (Swift does not contract floating-point expressions).

extension GGMLType {
    /// Dequantizes `raw`, a whole number of blocks of this type, to Float32 (element order as stored: ne[0]
    /// fastest). For tests and tools that hold bare blocks; tensors in a file go through `GGUFFile.tensor(named:)`.
    public func dequantize(_ raw: UnsafeRawBufferPointer) throws -> [Float] {
        guard isDecodable else { throw FormatError.unsupportedType(file: "<memory>", tensor: "<blocks>", type: name) }
        guard raw.count % blockBytes == 0 else {
            throw FormatError.truncated(file: "<memory>", field: "\(name) blocks", offset: raw.count / blockBytes * blockBytes,
                                        needed: blockBytes, fileSize: raw.count)
        }
        let count = raw.count / blockBytes * blockElements
        guard count > 0 else { return [] }
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            _ = GGMLDequantizer.dequantize(self, raw.baseAddress!, count: count, into: buffer.baseAddress!)
            initialized = count
        }
    }
}

/// The dequantization kernels, on raw pointers. Callers guarantee `count` is a whole number of blocks and
/// that `src` holds `count / blockElements × blockBytes` bytes.
enum GGMLDequantizer {
    /// Writes `count` Float32 values decoded from `src` into `dst`; returns false (writing nothing) for a type
    /// that is not `isDecodable`.
    static func dequantize(_ type: GGMLType, _ src: UnsafeRawPointer, count: Int, into dst: UnsafeMutablePointer<Float>) -> Bool {
        let bytes = src.assumingMemoryBound(to: UInt8.self)
        let blocks = count / type.blockElements
        switch type {
        case .f32: HalfFloat.copyFloats(src, count: count, into: dst)
        case .f16: HalfFloat.widenHalves(src, count: count, into: dst)
        case .bf16: HalfFloat.widenBFloat16s(src, count: count, into: dst)
        case .q8_0: q8_0(bytes, blocks: blocks, dst)
        case .q4_0: q4_0(bytes, blocks: blocks, dst)
        case .q4_1: q4_1(bytes, blocks: blocks, dst)
        case .q5_0: q5_0(bytes, blocks: blocks, dst)
        case .q5_1: q5_1(bytes, blocks: blocks, dst)
        case .q2_K: q2_K(bytes, blocks: blocks, dst)
        case .q3_K: q3_K(bytes, blocks: blocks, dst)
        case .q4_K: q4_K(bytes, blocks: blocks, dst)
        case .q5_K: q5_K(bytes, blocks: blocks, dst)
        case .q6_K: q6_K(bytes, blocks: blocks, dst)
        default: return false
        }
        return true
    }

    /// The f16 field at byte `offset` of a block, widened exactly.
    @inline(__always)
    static func half(_ block: UnsafePointer<UInt8>, _ offset: Int) -> Float {
        HalfFloat.float(fromHalf: UInt16(block[offset]) | UInt16(block[offset + 1]) << 8)
    }

    /// The little-endian u32 at byte `offset` of a block.
    @inline(__always)
    static func u32(_ block: UnsafePointer<UInt8>, _ offset: Int) -> UInt32 {
        UInt32(block[offset]) | UInt32(block[offset + 1]) << 8 | UInt32(block[offset + 2]) << 16 | UInt32(block[offset + 3]) << 24
    }

    /// Q8_0 (34 bytes): `d`@0, `q[32]` i8 @2; `y = d·q`.
    static func q8_0(_ src: UnsafePointer<UInt8>, blocks: Int, _ dst: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let x = src + 34 * b, y = dst + 32 * b
            let d = half(x, 0)
            for e in 0..<32 { y[e] = d * Float(Int8(bitPattern: x[2 + e])) }
        }
    }

    /// Q4_0 (18 bytes): `d`@0, `qs[16]`@2; byte i holds elements i (low nibble) and i+16 (high); `y = d·(n − 8)`.
    static func q4_0(_ src: UnsafePointer<UInt8>, blocks: Int, _ dst: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let x = src + 18 * b, y = dst + 32 * b
            let d = half(x, 0)
            for i in 0..<16 {
                let q = x[2 + i]
                y[i] = d * Float(Int32(q & 15) - 8)
                y[i + 16] = d * Float(Int32(q >> 4) - 8)
            }
        }
    }

    /// Q4_1 (20 bytes): `d`@0, `m`@2, `qs[16]`@4; `y = (d·n) + m`.
    static func q4_1(_ src: UnsafePointer<UInt8>, blocks: Int, _ dst: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let x = src + 20 * b, y = dst + 32 * b
            let d = half(x, 0), m = half(x, 2)
            for i in 0..<16 {
                let q = x[4 + i]
                y[i] = d * Float(q & 15) + m
                y[i + 16] = d * Float(q >> 4) + m
            }
        }
    }

    /// Q5_0 (22 bytes): `d`@0, `qh` u32 @2, `qs[16]`@6; `n = nibble | ((qh >> e) & 1) << 4`, `y = d·(n − 16)`.
    static func q5_0(_ src: UnsafePointer<UInt8>, blocks: Int, _ dst: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let x = src + 22 * b, y = dst + 32 * b
            let d = half(x, 0)
            let qh = u32(x, 2)
            for i in 0..<16 {
                let q = UInt32(x[6 + i])
                let lo = (q & 15) | ((qh >> UInt32(i)) & 1) << 4
                let hi = (q >> 4) | ((qh >> UInt32(i + 16)) & 1) << 4
                y[i] = d * Float(Int32(lo) - 16)
                y[i + 16] = d * Float(Int32(hi) - 16)
            }
        }
    }

    /// Q5_1 (24 bytes): `d`@0, `m`@2, `qh` u32 @4, `qs[16]`@8; `y = (d·n) + m`.
    static func q5_1(_ src: UnsafePointer<UInt8>, blocks: Int, _ dst: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let x = src + 24 * b, y = dst + 32 * b
            let d = half(x, 0), m = half(x, 2)
            let qh = u32(x, 4)
            for i in 0..<16 {
                let q = UInt32(x[8 + i])
                let lo = (q & 15) | ((qh >> UInt32(i)) & 1) << 4
                let hi = (q >> 4) | ((qh >> UInt32(i + 16)) & 1) << 4
                y[i] = d * Float(lo) + m
                y[i + 16] = d * Float(hi) + m
            }
        }
    }
}
