// The only source of randomness in ProRankKit: an explicit, seedable generator passed by the caller.

import Foundation

/// xoshiro256** (Blackman & Vigna 2018) seeded through SplitMix64, so any 64-bit seed gives a well-mixed state.
/// Deterministic on every platform; conforms to `RandomNumberGenerator` for `shuffled(using:)`.
///
/// ### References
/// D. Blackman, S. Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS 2021.
public struct SeededRNG: RandomNumberGenerator, Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64)
    private var spareNormal: Double?

    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    public mutating func next() -> UInt64 {
        let result = rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = rotl(s.3, 45)
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in [low, high).
    public mutating func uniform(_ low: Double = 0, _ high: Double = 1) -> Double {
        low + (high - low) * nextDouble()
    }

    /// Standard normal by the Box–Muller transform (pairs; the second value is kept for the next call).
    public mutating func normal() -> Double {
        if let z = spareNormal {
            spareNormal = nil
            return z
        }
        var u1 = nextDouble()
        while u1 == 0 { u1 = nextDouble() }
        let u2 = nextDouble()
        let r = (-2 * log(u1)).squareRoot()
        let theta = 2 * Double.pi * u2
        spareNormal = r * sin(theta)
        return r * cos(theta)
    }

    /// A new generator whose stream is independent of this one (for per-cell or per-worker streams).
    public mutating func fork() -> SeededRNG { SeededRNG(seed: next()) }

    @inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

