// Added tokens (Hugging Face `added_tokens`): strings such as "<|im_start|>" that are cut out of the text whole,
// before normalization and BPE, and map straight to their id. Matching follows tokenizers' `AddedVocabulary`:
// leftmost-longest over all added tokens (an Aho–Corasick automaton there, a first-byte table here), resuming
// after each match; a match that is dropped (a special token while special tokens are not parsed, or a
// `single_word` token inside a word) stays ordinary text and the search still resumes after it.

/// One added token.
public struct AddedToken: Equatable, Sendable {
    public var id: Int
    public var content: String
    /// Special tokens are skipped by `decode(_:skipSpecial: true)` and are ordinary text when
    /// `encode(_:parseSpecial: false)`.
    public var special: Bool
    /// Matched only when not inside a word (no letter, digit or "_" right before or after it).
    public var singleWord: Bool
    /// The whitespace right before / after a match is absorbed into the token.
    public var lstrip: Bool
    public var rstrip: Bool
    /// Matched in the normalized text (true) or in the raw text (false).
    public var normalized: Bool

    public init(id: Int, content: String, special: Bool, singleWord: Bool = false, lstrip: Bool = false,
                rstrip: Bool = false, normalized: Bool = false) {
        self.id = id
        self.content = content
        self.special = special
        self.singleWord = singleWord
        self.lstrip = lstrip
        self.rstrip = rstrip
        self.normalized = normalized
    }
}

/// A piece of the text after added tokens are cut out: plain text to tokenize, or an added token's id.
enum Segment: Equatable {
    case text(ByteRange)
    case added(Int32)
}

/// Finds added tokens in UTF-8 text.
struct AddedTokenMatcher: Sendable {
    private struct Pattern: Sendable {
        var bytes: [UInt8]
        var token: AddedToken
    }

    private let patterns: [Pattern]
    /// Pattern indices by first byte, longest first.
    private let byFirstByte: [[Int]]

    var isEmpty: Bool { patterns.isEmpty }

    /// A matcher for `tokens`, whose contents are searched as given in `contents` (the normalized form for
    /// normalized tokens).
    init(_ tokens: [AddedToken], contents: [String]) {
        precondition(tokens.count == contents.count, "AddedTokenMatcher: \(tokens.count) tokens, \(contents.count) contents")
        var patterns: [Pattern] = []
        for (token, content) in zip(tokens, contents) where !content.isEmpty {
            patterns.append(Pattern(bytes: Array(content.utf8), token: token))
        }
        var table = [[Int]](repeating: [], count: 256)
        for (k, p) in patterns.enumerated() { table[Int(p.bytes[0])].append(k) }
        for b in 0..<256 { table[b].sort { patterns[$0].bytes.count > patterns[$1].bytes.count } }
        self.patterns = patterns
        byFirstByte = table
    }

    /// Cuts the added tokens out of `base[range]`, appending text and token segments in order to `out`. Special
    /// tokens are matched only when `parseSpecial`.
    func split(_ base: UnsafePointer<UInt8>, _ range: ByteRange, parseSpecial: Bool, into out: inout [Segment]) {
        guard !patterns.isEmpty else {
            if range.start < range.end { out.append(.text(range)) }
            return
        }
        var i = range.start
        var textStart = range.start  // tokenizers' `start_offset`
        while i < range.end {
            let candidates = byFirstByte[Int(base[i])]
            guard !candidates.isEmpty, let k = longestMatch(candidates, base, at: i, end: range.end) else {
                i += 1
                continue
            }
            let token = patterns[k].token
            var start = i, stop = i + patterns[k].bytes.count
            i = stop
            if token.special && !parseSpecial { continue }
            if token.singleWord, !AddedTokenMatcher.isWordBoundary(base, before: start, after: stop, in: range) { continue }
            if token.lstrip { start = max(AddedTokenMatcher.whitespaceStart(base, before: start, from: range.start), textStart) }
            if token.rstrip {
                stop = AddedTokenMatcher.whitespaceEnd(base, after: stop, to: range.end)
                i = stop
            }
            if textStart < start { out.append(.text(ByteRange(start: textStart, end: start))) }
            out.append(.added(Int32(token.id)))
            textStart = stop
        }
        if textStart < range.end { out.append(.text(ByteRange(start: textStart, end: range.end))) }
    }

    private func longestMatch(_ candidates: [Int], _ base: UnsafePointer<UInt8>, at i: Int, end: Int) -> Int? {
        for k in candidates {
            let bytes = patterns[k].bytes
            guard i + bytes.count <= end else { continue }
            var j = 1
            while j < bytes.count, base[i + j] == bytes[j] { j += 1 }
            if j == bytes.count { return k }
        }
        return nil
    }

    /// True when the characters right before `before` and right at `after` (inside `range`) are not word characters
    /// (letters, numbers, "_"), as tokenizers' `single_word` check.
    private static func isWordBoundary(_ base: UnsafePointer<UInt8>, before: Int, after: Int, in range: ByteRange) -> Bool {
        let c = UTF8Cursor(base: base)
        func isWord(_ i: Int) -> Bool {
            let x = c.classify(at: i)
            return x.cls == .letter || x.cls == .number || x.value == UInt32(UInt8(ascii: "_"))
        }
        if before > range.start {
            var k = before - 1
            while base[k] & 0xC0 == 0x80 { k -= 1 }
            if isWord(k) { return false }
        }
        return after >= range.end || !isWord(after)
    }

    /// Where the whitespace run that ends at `before` starts (not before `from`).
    private static func whitespaceStart(_ base: UnsafePointer<UInt8>, before: Int, from: Int) -> Int {
        let c = UTF8Cursor(base: base)
        var start = before
        while start > from {
            var k = start - 1
            while k > from, base[k] & 0xC0 == 0x80 { k -= 1 }
            guard c.classify(at: k).cls == .space else { break }
            start = k
        }
        return start
    }

    /// Where the whitespace run that starts at `after` ends (not after `to`).
    private static func whitespaceEnd(_ base: UnsafePointer<UInt8>, after: Int, to: Int) -> Int {
        UTF8Cursor(base: base).endOfRun(.space, from: after, to: to)
    }
}
