// The per-word cache of BPE results: pre-token bytes → token ids. Natural text repeats words so much that after a
// few documents almost every word is a hit, and encoding becomes scanning plus one hash lookup per word. Lookups are
// memory-bound, so a slot is one 32-byte record that holds a short word (≤ 16 bytes) and a one-token result inline:
// the common hit touches a single cache line. Longer keys and results live in two flat arenas.

/// Pre-token bytes → ids, with open addressing (linear probing).
struct WordCache {
    private struct Slot {
        /// Bytes 0..<8 and 8..<16 of the key, little-endian, zero-padded. For keys longer than 16 bytes `key1` is
        /// instead the key's offset in `keyBytes` (which holds the whole key).
        var key0: UInt64 = 0
        var key1: UInt64 = 0
        var hash: UInt32 = 0
        var keyLength: UInt16 = 0  // 0 = empty (keys are never empty)
        var valueCount: UInt16 = 0
        /// The id itself when `valueCount == 1`, else the offset of the ids in `valueIDs`.
        var value: Int32 = 0
        var unused: Int32 = 0
    }

    private var slots: [Slot]
    private var keyBytes: [UInt8] = []
    private var valueIDs: [Int32] = []
    private var mask: Int
    private(set) var count = 0
    /// When `count` would pass this, the cache is emptied (bounded memory on endless streams of new words).
    let maxEntries: Int
    /// Longest key stored (UInt16 length; longer words are simply not cached).
    static let maxKeyLength = Int(UInt16.max)

    init(maxEntries: Int = 1 << 20) {
        self.maxEntries = maxEntries
        slots = [Slot](repeating: Slot(), count: 1 << 12)
        mask = (1 << 12) - 1
    }

    /// The lookup key of `p[0..<n]`: its first 16 bytes as two words, and a hash of all of it.
    struct Key {
        var key0: UInt64 = 0
        var key1: UInt64 = 0
        var hash: UInt32
    }

    @inline(__always)
    static func key(_ p: UnsafePointer<UInt8>, _ n: Int) -> Key {
        var k0: UInt64 = 0, k1: UInt64 = 0
        for i in 0..<min(n, 8) { k0 |= UInt64(p[i]) << (8 * UInt64(i)) }
        if n > 8 { for i in 8..<min(n, 16) { k1 |= UInt64(p[i]) << (8 * UInt64(i - 8)) } }
        var h = (k0 ^ UInt64(n)) &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ (h >> 29) ^ k1) &* 0xBF58_476D_1CE4_E5B9
        if n > 16 {
            for i in 16..<n { h = (h ^ UInt64(p[i])) &* 0x0000_0100_0000_01B3 }
        }
        h ^= h >> 32
        return Key(key0: k0, key1: k1, hash: UInt32(truncatingIfNeeded: h))
    }

    /// Appends the cached ids of `p[0..<n]` (whose key is `k`) to `out` and returns true, or returns false on a miss.
    @inline(__always)
    func appendCached(_ p: UnsafePointer<UInt8>, _ n: Int, key k: Key, to out: inout [Int32]) -> Bool {
        slots.withUnsafeBufferPointer { slots in
            var s = Int(k.hash) & mask
            while true {
                let slot = slots[s]
                if slot.keyLength == 0 { return false }
                if slot.hash == k.hash, Int(slot.keyLength) == n, slot.key0 == k.key0, matches(slot, p, n, k) {
                    if slot.valueCount == 1 {
                        out.append(slot.value)
                    } else {
                        valueIDs.withUnsafeBufferPointer { values in
                            out.append(contentsOf: UnsafeBufferPointer(start: values.baseAddress! + Int(slot.value),
                                                                       count: Int(slot.valueCount)))
                        }
                    }
                    return true
                }
                s = (s + 1) & mask
            }
        }
    }

    @inline(__always)
    private func matches(_ slot: Slot, _ p: UnsafePointer<UInt8>, _ n: Int, _ k: Key) -> Bool {
        if n <= 16 { return slot.key1 == k.key1 }
        return keyBytes.withUnsafeBufferPointer { keys in
            let stored = keys.baseAddress! + Int(slot.key1)
            for i in 8..<n where stored[i] != p[i] { return false }
            return true
        }
    }

    /// Stores `ids` for `p[0..<n]`, which must not be cached yet (1 ≤ `n` ≤ `maxKeyLength`).
    mutating func insert(_ p: UnsafePointer<UInt8>, _ n: Int, key k: Key, ids: ArraySlice<Int32>) {
        precondition(n > 0 && n <= WordCache.maxKeyLength && ids.count <= Int(UInt16.max), "WordCache: key of \(n) bytes")
        if count + 1 > maxEntries { removeAll() }
        if 2 * (count + 1) > slots.count { grow() }
        var slot = Slot(key0: k.key0, key1: k.key1, hash: k.hash, keyLength: UInt16(n), valueCount: UInt16(ids.count))
        if n > 16 {
            slot.key1 = UInt64(keyBytes.count)
            keyBytes.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        }
        if ids.count == 1 {
            slot.value = ids.first!
        } else {
            slot.value = Int32(valueIDs.count)
            valueIDs.append(contentsOf: ids)
        }
        var s = Int(k.hash) & mask
        while slots[s].keyLength != 0 { s = (s + 1) & mask }
        slots[s] = slot
        count += 1
    }

    mutating func removeAll() {
        slots = [Slot](repeating: Slot(), count: slots.count)
        keyBytes.removeAll(keepingCapacity: true)
        valueIDs.removeAll(keepingCapacity: true)
        count = 0
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: old.count * 2)
        mask = slots.count - 1
        for slot in old where slot.keyLength != 0 {
            var s = Int(slot.hash) & mask
            while slots[s].keyLength != 0 { s = (s + 1) & mask }
            slots[s] = slot
        }
    }
}
