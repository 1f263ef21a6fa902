// Hand-written matchers for the pre-tokenizer regexes of GPT-2 and Qwen2, and the Digits splitter. Each returns
// where the regex's next match ends, for a match starting at byte `i`; both regexes end in `\s+`, so every
// position starts a match and the matches tile the piece (no gaps). The alternatives are tried in order, as a
// backtracking engine (Oniguruma in Hugging Face tokenizers, Rust regex's leftmost-first) does; comments show
// which alternative each branch is. Character classes: CharacterClass.swift.

/// Byte offsets `start..<end` into a UTF-8 buffer.
struct ByteRange: Equatable {
    var start: Int
    var end: Int
}

enum PreTokenizerScanners {
    static let apostrophe: UInt32 = 0x27, space: UInt32 = 0x20
    static let lineFeed: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D

    /// GPT-2: `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
    @inline(__always)
    static func gpt2Match(_ c: UTF8Cursor, at i: Int, end: Int) -> Int {
        let (cls0, v0, n0) = c.classify(at: i)
        // 's|'t|'re|'ve|'m|'ll|'d  (case-sensitive)
        if v0 == apostrophe, i + 1 < end {
            switch c.base[i + 1] {
            case UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "m"), UInt8(ascii: "d"): return i + 2
            case UInt8(ascii: "r"), UInt8(ascii: "v"):
                if i + 2 < end, c.base[i + 2] == UInt8(ascii: "e") { return i + 3 }
            case UInt8(ascii: "l"):
                if i + 2 < end, c.base[i + 2] == UInt8(ascii: "l") { return i + 3 }
            default: break
            }
        }
        // ' ?\p{L}+', ' ?\p{N}+', ' ?[^\s\p{L}\p{N}]+' with the optional space
        if v0 == space, i + 1 < end {
            let c1 = c.classify(at: i + 1)
            if c1.cls != .space { return c.endOfRun(c1.cls, from: i + 1 + c1.length, to: end) }
        }
        // … and without it
        if cls0 != .space { return c.endOfRun(cls0, from: i + n0, to: end) }
        return whitespaceMatch(c, at: i, firstLength: n0, end: end)
    }

    /// Qwen2: `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
    @inline(__always)
    static func qwen2Match(_ c: UTF8Cursor, at i: Int, end: Int) -> Int {
        let (cls0, v0, n0) = c.classify(at: i)
        // (?i:'s|'t|'re|'ve|'m|'ll|'d): simple case folding, so "ſ" (U+017F, folds to "s") counts as s
        if v0 == apostrophe, i + 1 < end {
            let (v1, n1) = c.scalar(at: i + 1)
            switch v1 | 0x20 {
            case UInt32(UInt8(ascii: "s")), UInt32(UInt8(ascii: "t")), UInt32(UInt8(ascii: "m")), UInt32(UInt8(ascii: "d")):
                if v1 < 0x80 { return i + 1 + n1 }
            case UInt32(UInt8(ascii: "r")), UInt32(UInt8(ascii: "v")), UInt32(UInt8(ascii: "l")):
                let second: UInt8 = v1 | 0x20 == UInt32(UInt8(ascii: "l")) ? UInt8(ascii: "l") : UInt8(ascii: "e")
                if v1 < 0x80, i + 2 < end, c.base[i + 2] | 0x20 == second { return i + 3 }
            default:
                if v1 == 0x17F { return i + 1 + n1 }
            }
        }
        // [^\r\n\p{L}\p{N}]?\p{L}+
        if cls0 == .letter { return c.endOfRun(.letter, from: i + n0, to: end) }
        if cls0 != .number, v0 != UInt32(lineFeed), v0 != UInt32(carriageReturn), i + n0 < end {
            let c1 = c.classify(at: i + n0)
            if c1.cls == .letter { return c.endOfRun(.letter, from: i + n0 + c1.length, to: end) }
        }
        // \p{N}  (one digit per match)
        if cls0 == .number { return i + n0 }
        // ' ?[^\s\p{L}\p{N}]+[\r\n]*'
        var start = -1
        if cls0 == .other {
            start = i
        } else if v0 == space, i + 1 < end, c.classify(at: i + 1).cls == .other {
            start = i + 1
        }
        if start >= 0 {
            var j = c.endOfRun(.other, from: start, to: end)
            while j < end, c.base[j] == lineFeed || c.base[j] == carriageReturn { j += 1 }
            return j
        }
        // Only whitespace is left. \s*[\r\n]+ : the greedy \s* gives back characters until [\r\n]+ can match, so
        // the match ends right after the last CR/LF of the whitespace run (CR/LF bytes never occur inside a
        // multi-byte scalar, so scanning bytes backwards is safe).
        let j = c.endOfRun(.space, from: i + n0, to: end)
        var k = j - 1
        while k >= i {
            if c.base[k] == lineFeed || c.base[k] == carriageReturn { return k + 1 }
            k -= 1
        }
        return whitespaceMatch(c, at: i, firstLength: n0, end: end, runEnd: j)
    }

    /// `\s+(?!\S)|\s+` at a whitespace scalar: the whole run when it reaches the end of the piece; otherwise the run
    /// without its last scalar (which then leads the next match, e.g. " world"), or the single scalar of a run of one.
    @inline(__always)
    static func whitespaceMatch(_ c: UTF8Cursor, at i: Int, firstLength n0: Int, end: Int, runEnd: Int? = nil) -> Int {
        let j = runEnd ?? c.endOfRun(.space, from: i + n0, to: end)
        if j == end || j - i == n0 { return j }
        var k = j - 1
        while c.base[k] & 0xC0 == 0x80 { k -= 1 }  // start of the run's last scalar
        return k
    }

    /// Splits `r` at every match of `match`, appending the pieces to `out`.
    @inline(__always)
    static func split(_ base: UnsafePointer<UInt8>, _ r: ByteRange, into out: inout [ByteRange],
                      _ match: (UTF8Cursor, Int, Int) -> Int) {
        let c = UTF8Cursor(base: base)
        var i = r.start
        while i < r.end {
            let e = match(c, i, r.end)
            out.append(ByteRange(start: i, end: e))
            i = e
        }
    }

    /// Digits: numbers (`\p{N}`, Rust's `char::is_numeric`) isolated from the rest; each one alone when
    /// `individual`, else runs of them.
    static func splitDigits(_ base: UnsafePointer<UInt8>, _ r: ByteRange, individual: Bool, into out: inout [ByteRange]) {
        let c = UTF8Cursor(base: base)
        var i = r.start
        var pieceStart = r.start
        var inNumber = false
        while i < r.end {
            let (cls, _, n) = c.classify(at: i)
            let isNumber = cls == .number
            if i > pieceStart, isNumber != inNumber || (isNumber && individual) {
                out.append(ByteRange(start: pieceStart, end: i))
                pieceStart = i
            }
            inNumber = isNumber
            i += n
        }
        if pieceStart < r.end { out.append(ByteRange(start: pieceStart, end: r.end)) }
    }
}
