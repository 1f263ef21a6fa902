// The merge table of BPE as an open-addressing hash map from a token pair (a, b) to (rank, merged id). Looked up
// for every adjacent pair of every word that misses the word cache, so it avoids Swift's seeded Dictionary hashing.

/// (a, b) → (rank, id of the merged token). Keys and values are packed in 64-bit words.
struct PairTable: Sendable {
    private var keys: [UInt64]
    private var values: [UInt64]
    private let mask: Int
    private(set) var count = 0

    private static let empty = UInt64.max

    /// A table that holds up to `capacity` pairs at a load factor of at most 1/2.
    init(capacity: Int) {
        var size = 16
        while size < 2 * capacity { size <<= 1 }
        keys = [UInt64](repeating: PairTable.empty, count: size)
        values = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    @inline(__always)
    private static func key(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b)) }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask }

    /// Sets (a, b) → (rank, merged); an existing entry is replaced (as tokenizers' HashMap does for a merge listed
    /// twice: the later rank wins).
    mutating func set(_ a: Int32, _ b: Int32, rank: Int32, merged: Int32) {
        let k = PairTable.key(a, b)
        var s = slot(k)
        while keys[s] != PairTable.empty && keys[s] != k { s = (s + 1) & mask }
        if keys[s] == PairTable.empty { count += 1 }
        keys[s] = k
        values[s] = UInt64(UInt32(bitPattern: rank)) << 32 | UInt64(UInt32(bitPattern: merged))
    }

    /// (rank, merged) of the pair, or nil when the pair is not a merge.
    @inline(__always)
    func get(_ a: Int32, _ b: Int32) -> (rank: Int32, merged: Int32)? {
        let k = PairTable.key(a, b)
        var s = slot(k)
        return keys.withUnsafeBufferPointer { keys in
            while true {
                let stored = keys[s]
                if stored == k {
                    let v = values[s]
                    return (Int32(truncatingIfNeeded: v >> 32), Int32(truncatingIfNeeded: v))
                }
                if stored == PairTable.empty { return nil }
                s = (s + 1) & mask
            }
        }
    }
}
