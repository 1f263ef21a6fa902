// The four character classes the pre-tokenizer regexes of GPT-2 and Qwen2 distinguish, and a UTF-8 cursor that
// reads them. Matching is done by hand-written scanners (PreTokenizer+Scanners.swift) instead of a regex engine, so
// these definitions are the exact meaning of `\p{L}`, `\p{N}` and `\s` that the scanners rely on.

/// The class of one Unicode scalar, as the regexes see it.
///
/// ```
/// letter  \p{L}   general category Lu, Ll, Lt, Lm, Lo
/// number  \p{N}   general category Nd, Nl, No
/// space   \s      U+0009…U+000D, U+0085, and general category Zs, Zl, Zp
///                 (Oniguruma's Unicode \s, which Hugging Face tokenizers uses; the same set as Rust regex's
///                 White_Space, and unlike Python's str.isspace it excludes U+001C…U+001F)
/// other           everything else (punctuation, symbols, marks, controls, unassigned)
/// ```
enum CharacterClass: UInt8 {
    case letter = 0, number, space, other

    /// The class of a code point (from the stdlib's Unicode tables; a 64 K-entry table for the BMP).
    @inline(__always)
    static func of(_ value: UInt32) -> CharacterClass {
        if value < 0x10000 { return CharacterClass(rawValue: bmp[Int(value)])! }
        guard let scalar = Unicode.Scalar(value) else { return .other }
        return compute(scalar)
    }

    /// Every BMP code point's class, built once on first use (~1 ms).
    private static let bmp: [UInt8] = {
        var table = [UInt8](repeating: CharacterClass.other.rawValue, count: 0x10000)
        for v in 0..<0x10000 {
            if let scalar = Unicode.Scalar(UInt32(v)) { table[v] = compute(scalar).rawValue }
        }
        return table
    }()

    private static func compute(_ scalar: Unicode.Scalar) -> CharacterClass {
        switch scalar.value {
        case 0x09...0x0D, 0x85: return .space
        default: break
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return .letter
        case .decimalNumber, .letterNumber, .otherNumber: return .number
        case .spaceSeparator, .lineSeparator, .paragraphSeparator: return .space
        default: return .other
        }
    }
}

/// Reads Unicode scalars from valid UTF-8 (the bytes of a Swift `String`).
struct UTF8Cursor {
    let base: UnsafePointer<UInt8>

    /// The scalar starting at byte `i` and its length in bytes.
    @inline(__always)
    func scalar(at i: Int) -> (value: UInt32, length: Int) {
        let b0 = UInt32(base[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(base[i + 1] & 0x3F), 2) }
        if b0 < 0xF0 {
            return ((b0 & 0x0F) << 12 | UInt32(base[i + 1] & 0x3F) << 6 | UInt32(base[i + 2] & 0x3F), 3)
        }
        return ((b0 & 0x07) << 18 | UInt32(base[i + 1] & 0x3F) << 12 | UInt32(base[i + 2] & 0x3F) << 6
                    | UInt32(base[i + 3] & 0x3F), 4)
    }

    /// The class of the scalar at byte `i`, its code point and its length.
    @inline(__always)
    func classify(at i: Int) -> (cls: CharacterClass, value: UInt32, length: Int) {
        let b0 = base[i]
        if b0 < 0x80 { return (CharacterClass(rawValue: CharacterClass.ascii[Int(b0)])!, UInt32(b0), 1) }
        let (v, n) = scalar(at: i)
        return (CharacterClass.of(v), v, n)
    }

    /// The end of the run of scalars of class `cls` that starts at `i` (`i` itself when the first differs).
    @inline(__always)
    func endOfRun(_ cls: CharacterClass, from i: Int, to end: Int) -> Int {
        var j = i
        while j < end {
            let c = classify(at: j)
            if c.cls != cls { break }
            j += c.length
        }
        return j
    }
}

extension CharacterClass {
    /// ASCII classes, so that plain English text never touches the Unicode tables.
    static let ascii: [UInt8] = (0..<128).map { v -> UInt8 in
        let c = UInt8(v)
        switch c {
        case 0x09...0x0D, 0x20: return CharacterClass.space.rawValue
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): return CharacterClass.letter.rawValue
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return CharacterClass.number.rawValue
        default: return CharacterClass.other.rawValue
        }
    }
}
