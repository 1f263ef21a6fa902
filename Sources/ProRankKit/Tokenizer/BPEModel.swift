// The BPE model (Hugging Face `model` of type "BPE") over the byte-level alphabet: the vocabulary, the ranked
// merges, and the encoding of one pre-token ("word") into ids.

/// Vocabulary and merges of a byte-level BPE, and the merge procedure.
///
/// A word starts as one symbol per byte (the id of that byte's character in the byte-level alphabet). Then,
/// repeatedly, the adjacent pair with the **lowest merge rank** is replaced by its merged token, the **leftmost**
/// such pair when the same pair occurs more than once, until no adjacent pair is a merge:
///
/// ```
/// while some adjacent (sᵢ, sᵢ₊₁) ∈ merges:
///     i* = argmin over i of (rank(sᵢ, sᵢ₊₁), i)        s = s₀ … sᵢ*₋₁ · merged(sᵢ*, sᵢ*₊₁) · sᵢ*₊₂ …
/// ```
/// This is exactly what tokenizers' `Word::merge_all` computes with its priority queue of (rank, position): the
/// queue's valid entries are the current adjacent pairs, and position order is left-to-right order. Short words use
/// a rank array and a linear scan; long ones (> `heapThreshold` bytes) a binary heap, as tokenizers does.
///
/// ### References
/// R. Sennrich, B. Haddow, A. Birch, "Neural Machine Translation of Rare Words with Subword Units", ACL 2016.
struct BPEModel: Sendable {
    /// Byte-level token string → id (the model's `vocab`).
    let vocab: [String: Int32]
    /// The merges in rank order (rank = index), as ids.
    let merges: [(Int32, Int32)]
    let mergeTable: PairTable
    /// `byteIDs[b]`: the id of byte `b`'s character, or −1 when the vocabulary lacks it.
    let byteIDs: [Int32]
    /// With `byteFallback`, the ids of "<0x00>"…"<0xFF>" (−1 where absent).
    let byteFallbackIDs: [Int32]
    let byteFallback: Bool
    let unknownToken: String?
    let unknownID: Int32?
    /// `ignore_merges`: a word that is itself in the vocabulary is one token, whatever the merges would do.
    let ignoreMerges: Bool

    static let heapThreshold = 128

    /// A model from the vocabulary and merges written as token strings; `source` names the file in errors.
    init(vocab: [String: Int32], merges: [(String, String)], byteFallback: Bool, unknownToken: String?,
         ignoreMerges: Bool, source: String) throws {
        var table = PairTable(capacity: merges.count)
        var mergeIDs: [(Int32, Int32)] = []
        mergeIDs.reserveCapacity(merges.count)
        for (rank, (a, b)) in merges.enumerated() {
            guard let ia = vocab[a], let ib = vocab[b] else {
                throw TokenizerError.inconsistentVocabulary(
                    source: source, reason: "merge \(rank) \"\(a) \(b)\" uses a token that is not in the vocabulary")
            }
            guard let merged = vocab[a + b] else {
                throw TokenizerError.inconsistentVocabulary(
                    source: source, reason: "merge \(rank) \"\(a) \(b)\" makes \"\(a + b)\", which is not in the vocabulary")
            }
            table.set(ia, ib, rank: Int32(rank), merged: merged)
            mergeIDs.append((ia, ib))
        }
        self.vocab = vocab
        self.merges = mergeIDs
        mergeTable = table
        byteIDs = ByteLevel.scalars.map { vocab[String(Character($0))] ?? -1 }
        byteFallbackIDs = (0..<256).map { vocab[BPEModel.byteFallbackToken(UInt8($0))] ?? -1 }
        self.byteFallback = byteFallback
        self.unknownToken = unknownToken
        unknownID = unknownToken.flatMap { vocab[$0] }
        self.ignoreMerges = ignoreMerges
    }

    /// The token byte-fallback BPEs use for a raw byte: "<0x0A>".
    static func byteFallbackToken(_ b: UInt8) -> String {
        let hex = String(b, radix: 16, uppercase: true)
        return "<0x" + (hex.count == 1 ? "0" + hex : hex) + ">"
    }

    /// Scratch arrays reused across words.
    struct Scratch {
        var ids: [Int32] = []
        var ranks: [Int32] = []
        var merged: [Int32] = []
        var heap: [UInt64] = []
        var next: [Int32] = []
        var prev: [Int32] = []
    }

    /// Appends the ids of the word `p[0..<n]` (raw bytes) to `out`. Words of more than `heapThreshold` symbols
    /// are merged with the heap (a parameter so tests can compare both procedures).
    func encodeWord(_ p: UnsafePointer<UInt8>, _ n: Int, into out: inout [Int32], scratch: inout Scratch,
                    heapThreshold: Int = BPEModel.heapThreshold) {
        if ignoreMerges, let id = vocab[ByteLevel.encode(UnsafeBufferPointer(start: p, count: n))] {
            out.append(id)
            return
        }
        scratch.ids.removeAll(keepingCapacity: true)
        for i in 0..<n { appendSymbols(of: p[i], to: &scratch.ids) }
        if scratch.ids.count > heapThreshold {
            mergeWithHeap(&scratch)
        } else {
            mergeByScan(&scratch)
        }
        out.append(contentsOf: scratch.ids)
    }

    /// The initial symbol(s) of one byte: its alphabet character, else its "<0xXX>" token (byte fallback), else the
    /// unknown token, else nothing (tokenizers drops characters it cannot represent).
    @inline(__always)
    private func appendSymbols(of byte: UInt8, to ids: inout [Int32]) {
        let id = byteIDs[Int(byte)]
        if id >= 0 {
            ids.append(id)
        } else if byteFallback, byteFallbackIDs[Int(byte)] >= 0 {
            ids.append(byteFallbackIDs[Int(byte)])
        } else if let unknownID {
            ids.append(unknownID)
        }
    }

    /// The linear-scan merge for short words: `ranks[i]` / `merged[i]` describe the pair (ids[i], ids[i+1]).
    private func mergeByScan(_ s: inout Scratch) {
        let count = s.ids.count
        guard count > 1 else { return }
        s.ranks.removeAll(keepingCapacity: true)
        s.merged.removeAll(keepingCapacity: true)
        for i in 0..<count - 1 {
            let m = mergeTable.get(s.ids[i], s.ids[i + 1])
            s.ranks.append(m?.rank ?? Int32.max)
            s.merged.append(m?.merged ?? -1)
        }
        var n = count
        while n > 1 {
            var best = Int32.max, at = -1
            for i in 0..<n - 1 where s.ranks[i] < best {
                best = s.ranks[i]
                at = i
            }
            if at < 0 { break }
            s.ids[at] = s.merged[at]
            s.ids.remove(at: at + 1)
            s.ranks.remove(at: at)
            s.merged.remove(at: at)
            n -= 1
            // The pairs that now touch the merged symbol: (at−1, at) and (at, at+1).
            if at > 0 { refresh(&s, at - 1) }
            if at < n - 1 { refresh(&s, at) }
        }
    }

    @inline(__always)
    private func refresh(_ s: inout Scratch, _ i: Int) {
        let m = mergeTable.get(s.ids[i], s.ids[i + 1])
        s.ranks[i] = m?.rank ?? Int32.max
        s.merged[i] = m?.merged ?? -1
    }

    /// The heap merge for long words: symbols in a linked list over their original positions, a min-heap of
    /// (rank << 32 | position); stale entries (a symbol already merged away, or a pair that changed) are skipped.
    private func mergeWithHeap(_ s: inout Scratch) {
        let n = s.ids.count
        s.next = (0..<n).map { Int32($0 + 1 < n ? $0 + 1 : -1) }
        s.prev = (0..<n).map { Int32($0 - 1) }
        s.heap.removeAll(keepingCapacity: true)
        var alive = [Bool](repeating: true, count: n)
        for i in 0..<n - 1 {
            if let m = mergeTable.get(s.ids[i], s.ids[i + 1]) { s.heap.heapPush(UInt64(m.rank) << 32 | UInt64(i), by: <) }
        }
        while let top = s.heap.heapPop(by: <) {
            let rank = Int32(top >> 32), pos = Int(top & 0xFFFF_FFFF)
            guard alive[pos], s.next[pos] >= 0 else { continue }
            let right = Int(s.next[pos])
            guard let m = mergeTable.get(s.ids[pos], s.ids[right]), m.rank == rank else { continue }
            s.ids[pos] = m.merged
            alive[right] = false
            s.next[pos] = s.next[right]
            if s.next[right] >= 0 { s.prev[Int(s.next[right])] = Int32(pos) }
            let before = Int(s.prev[pos])
            if before >= 0, let l = mergeTable.get(s.ids[before], s.ids[pos]) {
                s.heap.heapPush(UInt64(l.rank) << 32 | UInt64(before), by: <)
            }
            if s.next[pos] >= 0, let r = mergeTable.get(s.ids[pos], s.ids[Int(s.next[pos])]) {
                s.heap.heapPush(UInt64(r.rank) << 32 | UInt64(pos), by: <)
            }
        }
        var result: [Int32] = []
        result.reserveCapacity(n)
        var i = 0
        while i >= 0 {
            result.append(s.ids[i])
            i = Int(s.next[i])
        }
        s.ids = result
    }
}
