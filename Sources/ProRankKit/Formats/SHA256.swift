// SHA-256 (FIPS 180-4), small and dependency-free: checks tensor bytes against the fixtures and model
// downloads against their published digests. About 200–400 MB/s in a release build, which is plenty for that.

import Foundation

/// SHA-256 digests as lowercase hex strings.
///
/// ```swift
/// SHA256.hash(Data("abc".utf8))   // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// try SHA256.hash(contentsOf: modelURL)
/// ```
///
/// ### References
/// NIST FIPS 180-4, "Secure Hash Standard", §4.1.2 (functions), §4.2.2 (constants), §5.1.1 (padding), §6.2.2.
public enum SHA256 {
    /// The digest of `bytes`.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> String {
        var state = State()
        let fullBlocks = bytes.count / 64
        // Padding (§5.1.1): the tail, a 1 bit, zeros to 56 mod 64, then the message length in bits (big-endian).
        let tailCount = bytes.count - 64 * fullBlocks
        var tail = [UInt8](repeating: 0, count: tailCount < 56 ? 64 : 128)
        for i in 0..<tailCount { tail[i] = bytes[64 * fullBlocks + i] }
        tail[tailCount] = 0x80
        let bitLength = UInt64(bytes.count) &* 8
        for i in 0..<8 { tail[tail.count - 1 - i] = UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(i))) }
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            k.withUnsafeBufferPointer { k in
                if let base = bytes.baseAddress {
                    for b in 0..<fullBlocks { state.compress(base + 64 * b, w.baseAddress!, k.baseAddress!) }
                }
                tail.withUnsafeBytes { t in
                    for b in 0..<(t.count / 64) { state.compress(t.baseAddress! + 64 * b, w.baseAddress!, k.baseAddress!) }
                }
            }
        }
        return [state.h0, state.h1, state.h2, state.h3, state.h4, state.h5, state.h6, state.h7].map { word in
            let hex = String(word, radix: 16)
            return String(repeating: "0", count: 8 - hex.count) + hex
        }.joined()
    }

    /// The digest of `data`.
    public static func hash(_ data: Data) -> String {
        data.withUnsafeBytes { hash($0) }
    }

    /// The digest of the file at `url`, read through a memory map (no copy of the file is made).
    public static func hash(contentsOf url: URL) throws -> String {
        let file = try MappedBytes(url: url)
        return hash(file.bytes)
    }

    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    /// The eight working hash words (§5.3.3 initial values) and the compression function (§6.2.2), written
    /// on raw pointers and local variables so that it is quick even in a debug build.
    private struct State {
        var h0: UInt32 = 0x6a09e667, h1: UInt32 = 0xbb67ae85, h2: UInt32 = 0x3c6ef372, h3: UInt32 = 0xa54ff53a
        var h4: UInt32 = 0x510e527f, h5: UInt32 = 0x9b05688c, h6: UInt32 = 0x1f83d9ab, h7: UInt32 = 0x5be0cd19

        /// Processes one 64-byte block; `w` is scratch space for the 64-word message schedule.
        mutating func compress(_ block: UnsafeRawPointer, _ w: UnsafeMutablePointer<UInt32>, _ k: UnsafePointer<UInt32>) {
            for t in 0..<16 { w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4 * t, as: UInt32.self)) }
            for t in 16..<64 {
                let x = w[t - 15], y = w[t - 2]
                let s0 = (x >> 7 | x << 25) ^ (x >> 18 | x << 14) ^ (x >> 3)
                let s1 = (y >> 17 | y << 15) ^ (y >> 19 | y << 13) ^ (y >> 10)
                w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, h) = (h0, h1, h2, h3, h4, h5, h6, h7)
            for t in 0..<64 {
                let s1 = (e >> 6 | e << 26) ^ (e >> 11 | e << 21) ^ (e >> 25 | e << 7)
                let ch = (e & f) ^ (~e & g)
                let t1 = h &+ s1 &+ ch &+ k[t] &+ w[t]
                let s0 = (a >> 2 | a << 30) ^ (a >> 13 | a << 19) ^ (a >> 22 | a << 10)
                let maj = (a & b) ^ (a & c) ^ (b & c)
                h = g; g = f; f = e; e = d &+ t1
                d = c; c = b; b = a; a = t1 &+ s0 &+ maj
            }
            h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d; h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= h
        }
    }
}
