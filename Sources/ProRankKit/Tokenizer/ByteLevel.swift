// The byte-level alphabet of GPT-2 (`bytes_to_unicode` in openai/gpt-2 `encoder.py`, `ByteLevel` in Hugging Face
// tokenizers): every byte 0…255 is shown as one printable Unicode character, so that a vocabulary of strings can
// hold arbitrary byte sequences. Token strings in a byte-level vocabulary are written in this alphabet ("Ġworld"
// is the bytes " world").

/// The byte ↔ character table of byte-level BPE.
///
/// ```
/// bytes '!'…'~', '¡'…'¬', '®'…'ÿ'  →  the character with the same code point
/// the other 68 bytes (0…32, 127…160, 173), in increasing order  →  U+0100, U+0101, …, U+0143
/// ```
/// So the space 0x20 is "Ġ" (U+0120) and the newline 0x0A is "Ċ" (U+010A).
///
/// ### References
/// A. Radford et al., "Language Models are Unsupervised Multitask Learners" (GPT-2), 2019; `encoder.py`.
public enum ByteLevel {
    /// `scalars[b]`: the character that stands for byte `b`.
    public static let scalars: [Unicode.Scalar] = {
        var table = [Unicode.Scalar](repeating: "\0", count: 256)
        var next: UInt32 = 256
        for b in 0..<256 {
            if isPrintable(UInt8(b)) {
                table[b] = Unicode.Scalar(UInt8(b))
            } else {
                table[b] = Unicode.Scalar(next)!
                next += 1
            }
        }
        return table
    }()

    /// The inverse of `scalars`: code point → byte, for code points below 0x144 that are in the alphabet.
    static let byteOfScalar: [Int16] = {
        var table = [Int16](repeating: -1, count: 0x144)
        for (b, s) in scalars.enumerated() { table[Int(s.value)] = Int16(b) }
        return table
    }()

    /// Bytes that stand for themselves.
    @inline(__always)
    static func isPrintable(_ b: UInt8) -> Bool {
        (0x21...0x7E).contains(b) || (0xA1...0xAC).contains(b) || (0xAE...0xFF).contains(b)
    }

    /// The byte-level string of raw bytes ("hello world" → "helloĠworld").
    public static func encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var s = String.UnicodeScalarView()
        for b in bytes { s.append(scalars[Int(b)]) }
        return String(s)
    }

    /// The raw bytes of a byte-level string, or nil when a character is outside the alphabet.
    public static func decode(_ token: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(token.utf8.count)
        for s in token.unicodeScalars {
            guard s.value < 0x144 else { return nil }
            let b = byteOfScalar[Int(s.value)]
            guard b >= 0 else { return nil }
            out.append(UInt8(b))
        }
        return out
    }

    /// The bytes a ByteLevel decoder produces for one token, as Hugging Face's `ByteLevel::decode_chain` does: the
    /// alphabet mapped back to bytes, or, if any character is outside the alphabet, the token's own UTF-8 bytes.
    static func decoderBytes(_ token: String) -> [UInt8] {
        decode(token) ?? Array(token.utf8)
    }
}
