// The Porter stemmer as Martin Porter's own reference implementation has it (the ANSI C / Java programs on
// https://tartarus.org/martin/PorterStemmer/), which Lucene's PorterStemmer (PorterStemFilter, used by Anserini's
// BEIR baselines) ports. Checked on all 23,531 words of Porter's test vocabulary (../shared/data/porter).

/// Porter's suffix-stripping stemmer, reference-implementation variant.
///
/// That is the 1980 algorithm (M. F. Porter, "An algorithm for suffix stripping", *Program* 14(3):130–137) with
/// the three departures of Porter's published C code, which Lucene keeps:
/// 1. words of one or two letters are returned unchanged;
/// 2. step 2 has `(m>0) BLI → BLE` instead of `(m>0) ABLI → ABLE`;
/// 3. step 2 has the extra rule `(m>0) LOGI → LOG`.
/// (Snowball's `porter` is the strict 1980 algorithm and differs on 27 of the 23,531 test words.)
///
/// The algorithm is defined on lowercase `a`–`z`. Other bytes (digits, UTF-8 of non-ASCII letters) count as
/// consonants, as in Lucene, and the length guard counts UTF-8 bytes.
///
/// ### References
/// - Porter 1980; https://tartarus.org/martin/PorterStemmer/ (the reference code and its `voc.txt`/`output.txt`).
public enum PorterStemmer {
    /// The stem of a lowercase word.
    public static func stem(_ word: String) -> String {
        var bytes = Array(word.utf8)
        let count = bytes.withUnsafeMutableBufferPointer { stem(in: $0) }
        return String(decoding: bytes[..<count], as: UTF8.self)
    }

    /// Stems the word held in `buffer` in place and returns the stem's length (the stem is `buffer[..<length]`).
    public static func stem(in buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        guard buffer.count > 2, let base = buffer.baseAddress else { return buffer.count }
        var s = State(b: base, k: buffer.count - 1)
        s.step1ab()
        if s.k > 0 {
            s.step1c()
            s.step2()
            s.step3()
            s.step4()
            s.step5()
        }
        return s.k + 1
    }

    /// The reference code's globals: the word `b[0...k]` and `j`, the end of the stem before a matched suffix.
    private struct State {
        let b: UnsafeMutablePointer<UInt8>
        var k: Int
        var j = 0

        init(b: UnsafeMutablePointer<UInt8>, k: Int) {
            self.b = b
            self.k = k
        }

        /// Whether `b[i]` is a consonant (`y` is one at the start or after a vowel).
        func cons(_ i: Int) -> Bool {
            switch b[i] {
            case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"): return false
            case UInt8(ascii: "y"): return i == 0 ? true : !cons(i - 1)
            default: return true
            }
        }

        /// m, the number of VC sequences in `b[0...j]` (`[C](VC)^m[V]`).
        func m() -> Int {
            var n = 0, i = 0
            while true {
                if i > j { return n }
                if !cons(i) { break }
                i += 1
            }
            i += 1
            while true {
                while true {
                    if i > j { return n }
                    if cons(i) { break }
                    i += 1
                }
                i += 1
                n += 1
                while true {
                    if i > j { return n }
                    if !cons(i) { break }
                    i += 1
                }
                i += 1
            }
        }

        /// Whether `b[0...j]` holds a vowel.
        func vowelInStem() -> Bool {
            var i = 0
            while i <= j {
                if !cons(i) { return true }
                i += 1
            }
            return false
        }

        /// Whether `b[i-1...i]` is a double consonant.
        func doubleC(_ i: Int) -> Bool { i >= 1 && b[i] == b[i - 1] && cons(i) }

        /// Whether `b[i-2...i]` is consonant-vowel-consonant and the last is not `w`, `x` or `y` (*o).
        func cvc(_ i: Int) -> Bool {
            if i < 2 || !cons(i) || cons(i - 1) || !cons(i - 2) { return false }
            let ch = b[i]
            return ch != UInt8(ascii: "w") && ch != UInt8(ascii: "x") && ch != UInt8(ascii: "y")
        }

        /// Whether `b[0...k]` ends with `suffix`; if so, sets `j` to the end of what precedes it.
        mutating func ends(_ suffix: StaticString) -> Bool {
            let n = suffix.utf8CodeUnitCount
            let s = suffix.utf8Start
            if s[n - 1] != b[k] || n > k + 1 { return false }
            for t in 0..<n where b[k - n + 1 + t] != s[t] { return false }
            j = k - n
            return true
        }

        /// Replaces `b[j+1...k]` with `replacement`.
        mutating func setTo(_ replacement: StaticString) {
            let n = replacement.utf8CodeUnitCount
            let s = replacement.utf8Start
            for t in 0..<n { b[j + 1 + t] = s[t] }
            k = j + n
        }

        /// `setTo` when m > 0.
        mutating func r(_ replacement: StaticString) { if m() > 0 { setTo(replacement) } }

        /// Plurals and -ed / -ing: caresses → caress, ponies → poni, meeting → meet, hopping → hop, filing → file.
        mutating func step1ab() {
            if b[k] == UInt8(ascii: "s") {
                if ends("sses") { k -= 2 }
                else if ends("ies") { setTo("i") }
                else if b[k - 1] != UInt8(ascii: "s") { k -= 1 }
            }
            if ends("eed") {
                if m() > 0 { k -= 1 }
            } else if (ends("ed") || ends("ing")) && vowelInStem() {
                k = j
                if ends("at") { setTo("ate") }
                else if ends("bl") { setTo("ble") }
                else if ends("iz") { setTo("ize") }
                else if doubleC(k) {
                    k -= 1
                    let ch = b[k]
                    if ch == UInt8(ascii: "l") || ch == UInt8(ascii: "s") || ch == UInt8(ascii: "z") { k += 1 }
                } else if m() == 1 && cvc(k) { setTo("e") }
            }
        }

        /// Terminal y → i when the stem holds a vowel.
        mutating func step1c() {
            if ends("y") && vowelInStem() { b[k] = UInt8(ascii: "i") }
        }

        /// Double suffixes to single ones, when m > 0: -ization → -ize, -ational → -ate, …
        mutating func step2() {
            switch b[k - 1] {
            case UInt8(ascii: "a"):
                if ends("ational") { r("ate") } else if ends("tional") { r("tion") }
            case UInt8(ascii: "c"):
                if ends("enci") { r("ence") } else if ends("anci") { r("ance") }
            case UInt8(ascii: "e"):
                if ends("izer") { r("ize") }
            case UInt8(ascii: "l"):
                if ends("bli") { r("ble") }   // departure: the paper has abli → able
                else if ends("alli") { r("al") } else if ends("entli") { r("ent") }
                else if ends("eli") { r("e") } else if ends("ousli") { r("ous") }
            case UInt8(ascii: "o"):
                if ends("ization") { r("ize") } else if ends("ation") { r("ate") } else if ends("ator") { r("ate") }
            case UInt8(ascii: "s"):
                if ends("alism") { r("al") } else if ends("iveness") { r("ive") }
                else if ends("fulness") { r("ful") } else if ends("ousness") { r("ous") }
            case UInt8(ascii: "t"):
                if ends("aliti") { r("al") } else if ends("iviti") { r("ive") } else if ends("biliti") { r("ble") }
            case UInt8(ascii: "g"):
                if ends("logi") { r("log") }  // departure: not in the paper
            default: break
            }
        }

        /// -ic-, -full, -ness and similar, when m > 0.
        mutating func step3() {
            switch b[k] {
            case UInt8(ascii: "e"):
                if ends("icate") { r("ic") } else if ends("ative") { r("") } else if ends("alize") { r("al") }
            case UInt8(ascii: "i"):
                if ends("iciti") { r("ic") }
            case UInt8(ascii: "l"):
                if ends("ical") { r("ic") } else if ends("ful") { r("") }
            case UInt8(ascii: "s"):
                if ends("ness") { r("") }
            default: break
            }
        }

        /// -ant, -ence and similar, removed when m > 1.
        mutating func step4() {
            let matched: Bool
            switch b[k - 1] {
            case UInt8(ascii: "a"): matched = ends("al")
            case UInt8(ascii: "c"): matched = ends("ance") || ends("ence")
            case UInt8(ascii: "e"): matched = ends("er")
            case UInt8(ascii: "i"): matched = ends("ic")
            case UInt8(ascii: "l"): matched = ends("able") || ends("ible")
            case UInt8(ascii: "n"): matched = ends("ant") || ends("ement") || ends("ment") || ends("ent")
            case UInt8(ascii: "o"):
                matched = (ends("ion") && j >= 0 && (b[j] == UInt8(ascii: "s") || b[j] == UInt8(ascii: "t"))) || ends("ou")
            case UInt8(ascii: "s"): matched = ends("ism")
            case UInt8(ascii: "t"): matched = ends("ate") || ends("iti")
            case UInt8(ascii: "u"): matched = ends("ous")
            case UInt8(ascii: "v"): matched = ends("ive")
            case UInt8(ascii: "z"): matched = ends("ize")
            default: matched = false
            }
            if matched && m() > 1 { k = j }
        }

        /// A final -e when m > 1 (or m = 1 and not *o), and -ll → -l when m > 1. As in the reference code, `j`
        /// stays at the old end for the second test.
        mutating func step5() {
            j = k
            if b[k] == UInt8(ascii: "e") {
                let a = m()
                if a > 1 || (a == 1 && !cvc(k - 1)) { k -= 1 }
            }
            if b[k] == UInt8(ascii: "l") && doubleC(k) && m() > 1 { k -= 1 }
        }
    }
}
