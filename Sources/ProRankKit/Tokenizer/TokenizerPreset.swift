// The normalizer + pre-tokenizer combinations of the byte-level BPE families ProRank meets: GPT-2, Qwen2 / Qwen2.5
// and SmolLM2. A GGUF file names its family in `tokenizer.ggml.pre`; the trainer takes a preset to build the same
// pipeline as the real models.

/// A byte-level BPE pipeline (normalizer and pre-tokenizer) of a model family.
///
/// ```
/// gpt2     no normalizer   ByteLevel(add_prefix_space: false, use_regex: true)             (GPT-2 regex)
/// qwen2    NFC             Split(Qwen2 regex, Isolated) + ByteLevel(use_regex: false)
/// smollm2  no normalizer   Digits(individual_digits: true) + ByteLevel(use_regex: true)    (llama.cpp "smollm")
/// ```
public enum TokenizerPreset: String, CaseIterable, Sendable {
    case gpt2, qwen2, smollm2

    var normalizer: Normalizer {
        self == .qwen2 ? Normalizer(steps: [.nfc]) : .none
    }

    var preTokenizer: PreTokenizer {
        switch self {
        case .gpt2:
            return PreTokenizer(steps: [.byteLevel(addPrefixSpace: false, trimOffsets: true, useRegex: true)])
        case .qwen2:
            return PreTokenizer(steps: [.split(.qwen2), .byteLevel(addPrefixSpace: false, trimOffsets: false, useRegex: false)])
        case .smollm2:
            return PreTokenizer(steps: [.digits(individual: true),
                                        .byteLevel(addPrefixSpace: false, trimOffsets: true, useRegex: true)])
        }
    }

    /// GGUF `tokenizer.ggml.pre` values and their presets. "qwen2" gets Qwen's NFC normalizer although llama.cpp
    /// applies none, so that a GGUF model tokenizes like its Hugging Face original.
    public static let ggufNames: [String: TokenizerPreset] = ["gpt2": .gpt2, "qwen2": .qwen2, "smollm": .smollm2]

    /// The preset of a GGUF `tokenizer.ggml.pre` name.
    /// - Throws: `TokenizerError.unknownGGUFPreTokenizer` listing the supported names.
    public init(ggufName: String) throws {
        guard let preset = TokenizerPreset.ggufNames[ggufName] else {
            throw TokenizerError.unknownGGUFPreTokenizer(name: ggufName, supported: TokenizerPreset.ggufNames.keys.sorted())
        }
        self = preset
    }
}
