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

    /// The class of a code point outside the BMP table.
    static func of(_ value: UInt32) -> CharacterClass {
        guard let scalar = Unicode.Scalar(value) else { return .other }
        return compute(scalar)
    }

    /// Every BMP code point's class (the ASCII ones included), built once on first use (~1 ms). A raw pointer that
    /// is never freed: cursors keep it, so the hot loops do not pay a lazy-global check (`swift_once`) per character.
    nonisolated(unsafe) static let bmp: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 0x10000)
        for v in 0..<0x10000 {
            table[v] = Unicode.Scalar(UInt32(v)).map { compute($0).rawValue } ?? CharacterClass.other.rawValue
        }
        return UnsafePointer(table)
    }()

    static func compute(_ scalar: Unicode.Scalar) -> CharacterClass {
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
    private let classes = CharacterClass.bmp

    init(base: UnsafePointer<UInt8>) {
        self.base = base
    }

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
        if b0 < 0x80 { return (CharacterClass(rawValue: classes[Int(b0)]).unsafelyUnwrapped, UInt32(b0), 1) }
        let (v, n) = scalar(at: i)
        let cls = v < 0x10000 ? CharacterClass(rawValue: classes[Int(v)]).unsafelyUnwrapped : CharacterClass.of(v)
        return (cls, v, n)
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
