// The normalizer (Hugging Face `normalizer`): what happens to text before it is pre-tokenized. Byte-level BPE
// tokenizers use either none (GPT-2, SmolLM2) or Unicode NFC (Qwen2), so that is what is implemented.

/// One normalization step.
enum NormalizerStep: Equatable, Sendable {
    /// Unicode canonical composition (NFC): "e" + U+0301 becomes "é" (U+00E9).
    case nfc
}

/// A sequence of normalization steps (empty = the text is used as is).
struct Normalizer: Equatable, Sendable {
    var steps: [NormalizerStep]

    static let none = Normalizer(steps: [])

    /// Appends the normalized form of `text` (UTF-8) to `out`.
    func normalize(_ text: UnsafeBufferPointer<UInt8>, appendingTo out: inout [UInt8]) {
        guard steps.contains(.nfc), !Normalizer.isTriviallyNFC(text) else {
            out.append(contentsOf: text)
            return
        }
        // The standard library's NFC (what String comparison uses): 6× faster than Foundation's
        // `precomposedStringWithCanonicalMapping` on SciFact, same output.
        out.append(contentsOf: String(decoding: text, as: UTF8.self)._nfcCodeUnits)
    }

    /// NFC quick check on bytes: text whose scalars are all below U+0300 (every lead byte < 0xCC) is already in NFC,
    /// because the first scalars that NFC can change or combine (combining marks, from U+0300 on) come later.
    /// English prose, and most of SciFact, never pays for the full normalization.
    @inline(__always)
    static func isTriviallyNFC(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in text where b >= 0xCC { return false }
        return true
    }
}
