// The merge loop of BPE training, as tokenizers' `BpeTrainer::do_train` runs it: pair counts kept up to date
// incrementally from the changes each merge makes, a max-heap of candidate pairs refreshed lazily (an entry whose
// count is stale is re-pushed with the current count), and for each heap entry the set of words where that pair
// was formed, so a merge only visits those words.

/// Vocabulary, words and merges during training.
struct MergeState {
    /// id → token string (byte-level alphabet), and the inverse.
    var tokens: [String] = []
    var idOf: [String: Int32] = [:]
    /// The distinct words as symbol ids, and how often each occurs in the corpus.
    var words: [[Int32]] = []
    var counts: [Int] = []
    /// Merges made, in order.
    var merges: [(Int32, Int32)] = []

    /// A candidate merge: the pair, its count when pushed, and the words where it was formed.
    private struct Candidate {
        var count: Int
        var pair: UInt64
        var words: [Int]

        /// Heap order: higher count first, then the smaller pair (a, b).
        func precedes(_ other: Candidate) -> Bool {
            count != other.count ? count > other.count : pair < other.pair
        }
    }

    @discardableResult
    mutating func addToken(_ token: String) -> Int32 {
        if let id = idOf[token] { return id }
        let id = Int32(tokens.count)
        tokens.append(token)
        idOf[token] = id
        return id
    }

    @inline(__always)
    private static func key(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(a)) << 32 | UInt64(UInt32(b)) }

    /// Merges until the vocabulary has `vocabularySize` tokens, no pair is left, or the best pair is rarer than
    /// `minFrequency`.
    mutating func run(vocabularySize: Int, minFrequency: Int, progressInterval: Int,
                      progress: ((BPETrainer.Progress) -> Bool)?) {
        var pairCounts: [UInt64: Int] = [:]
        var formedIn: [UInt64: [Int]] = [:]
        for (w, word) in words.enumerated() where word.count > 1 {
            for i in 0..<word.count - 1 {
                let k = MergeState.key(word[i], word[i + 1])
                pairCounts[k, default: 0] += counts[w]
                if formedIn[k]?.last != w { formedIn[k, default: []].append(w) }
            }
        }
        var heap: [Candidate] = []
        for (pair, ws) in formedIn where pairCounts[pair]! > 0 { heap.heapPush(Candidate(count: pairCounts[pair]!, pair: pair, words: ws), by: { $0.precedes($1) }) }
        formedIn.removeAll()

        let targetMerges = max(0, vocabularySize - tokens.count)
        var lastCount = 0
        while tokens.count < vocabularySize, var top = heap.heapPop(by: { $0.precedes($1) }) {
            let current = pairCounts[top.pair] ?? 0
            if top.count != current {
                top.count = current
                heap.heapPush(top, by: { $0.precedes($1) })
                continue
            }
            if top.count < 1 || top.count < minFrequency { break }
            let a = Int32(truncatingIfNeeded: top.pair >> 32), b = Int32(truncatingIfNeeded: top.pair)
            let merged = addToken(tokens[Int(a)] + tokens[Int(b)])
            merges.append((a, b))
            lastCount = top.count
            for w in top.words {
                let count = counts[w]
                var word = words[w]
                MergeState.merge(&word, a, b, into: merged) { pair, change in
                    pairCounts[pair, default: 0] += change * count
                    if change > 0, formedIn[pair]?.last != w { formedIn[pair, default: []].append(w) }
                }
                words[w] = word
            }
            for (pair, ws) in formedIn {
                let count = pairCounts[pair] ?? 0
                if count > 0 { heap.heapPush(Candidate(count: count, pair: pair, words: ws), by: { $0.precedes($1) }) }
            }
            formedIn.removeAll(keepingCapacity: true)
            if let progress, merges.count % max(1, progressInterval) == 0,
               !progress(BPETrainer.Progress(merges: merges.count, targetMerges: targetMerges, lastPairCount: lastCount)) {
                return
            }
        }
        _ = progress?(BPETrainer.Progress(merges: merges.count, targetMerges: targetMerges, lastPairCount: lastCount))
    }

    /// Replaces every non-overlapping occurrence of (a, b) in `word`, left to right, by `merged`, reporting the
    /// pair-count changes as tokenizers' `Word::merge` does: for each occurrence, −1 for (previous, a) and
    /// (b, next), +1 for (previous, merged) and (merged, next). The merged pair itself is not decremented.
    static func merge(_ word: inout [Int32], _ a: Int32, _ b: Int32, into merged: Int32, _ change: (UInt64, Int) -> Void) {
        guard word.count > 1 else { return }
        var out: [Int32] = []
        out.reserveCapacity(word.count)
        var r = 0
        while r < word.count {
            if r + 1 < word.count, word[r] == a, word[r + 1] == b {
                if let previous = out.last {
                    change(key(previous, a), -1)
                    change(key(previous, merged), 1)
                }
                out.append(merged)
                r += 2
                if r < word.count {
                    change(key(b, word[r]), -1)
                    change(key(merged, word[r]), 1)
                }
            } else {
                out.append(word[r])
                r += 1
            }
        }
        word = out
    }
}
