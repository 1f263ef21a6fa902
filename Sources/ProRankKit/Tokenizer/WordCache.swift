// The per-word cache of BPE results: pre-token bytes → token ids. Natural text repeats words so much that after a
// few documents almost every word is a hit, and encoding becomes scanning plus one hash lookup per word. Keys and
// values live in two flat arenas, so a lookup hashes the bytes in place and allocates nothing.

/// Pre-token bytes → ids, with open addressing (linear probing) over FNV-1a hashes.
struct WordCache {
    private struct Slot {
        var hash: UInt32 = 0
        var keyLength: UInt32 = 0  // 0 = empty (keys are never empty)
        var keyStart: UInt32 = 0
        var valueStart: UInt32 = 0
        var valueCount: UInt32 = 0
    }

    private var slots: [Slot]
    private var keyBytes: [UInt8] = []
    private var valueIDs: [Int32] = []
    private var mask: Int
    private(set) var count = 0
    /// When `count` would pass this, the cache is emptied (bounded memory on endless streams of new words).
    let maxEntries: Int

    init(maxEntries: Int = 1 << 20) {
        self.maxEntries = maxEntries
        slots = [Slot](repeating: Slot(), count: 1 << 12)
        mask = (1 << 12) - 1
    }

    /// 32-bit FNV-1a of the bytes.
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        for i in 0..<n { h = (h ^ UInt32(p[i])) &* 16_777_619 }
        return h
    }

    /// Appends the cached ids of `p[0..<n]` to `out` and returns true, or returns false on a miss.
    @inline(__always)
    func appendCached(_ p: UnsafePointer<UInt8>, _ n: Int, hash h: UInt32, to out: inout [Int32]) -> Bool {
        var s = Int(h) & mask
        while true {
            let slot = slots[s]
            if slot.keyLength == 0 { return false }
            if slot.hash == h, Int(slot.keyLength) == n, equalKey(slot, p, n) {
                let start = Int(slot.valueStart)
                out.append(contentsOf: valueIDs[start..<start + Int(slot.valueCount)])
                return true
            }
            s = (s + 1) & mask
        }
    }

    @inline(__always)
    private func equalKey(_ slot: Slot, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        keyBytes.withUnsafeBufferPointer { keys in
            let k = keys.baseAddress! + Int(slot.keyStart)
            for i in 0..<n where k[i] != p[i] { return false }
            return true
        }
    }

    /// Stores `ids` for `p[0..<n]` (which must not be cached yet).
    mutating func insert(_ p: UnsafePointer<UInt8>, _ n: Int, hash h: UInt32, ids: ArraySlice<Int32>) {
        if count + 1 > maxEntries { removeAll() }
        if 2 * (count + 1) > slots.count { grow() }
        var slot = Slot(hash: h, keyLength: UInt32(n), keyStart: UInt32(keyBytes.count),
                        valueStart: UInt32(valueIDs.count), valueCount: UInt32(ids.count))
        keyBytes.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        valueIDs.append(contentsOf: ids)
        var s = Int(h) & mask
        while slots[s].keyLength != 0 { s = (s + 1) & mask }
        swap(&slots[s], &slot)
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
