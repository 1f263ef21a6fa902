// Data errors of the Tokenizer module: files that are missing or malformed, configurations outside what byte-level
// BPE supports here, and ids that do not exist. Programmer errors (impossible internal states) stay preconditions.

import Foundation

/// Why a tokenizer could not be loaded, trained, written or asked to decode. Every message names the file (and,
/// for JSON, the key path such as `model.merges[12]`) or the offending value, and says what would work instead.
public enum TokenizerError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// The file does not exist or cannot be read.
    case unreadableFile(path: String, reason: String)
    /// The file is not valid JSON, or a key is missing or has the wrong type. `keyPath` is `""` for the whole file.
    case invalidJSON(file: String, keyPath: String, reason: String)
    /// A component (model, normalizer, pre-tokenizer, split pattern) that this implementation does not support.
    case unsupported(file: String, keyPath: String, kind: String, name: String, supported: [String])
    /// Vocabulary and merges disagree (a merge names a token that is not in the vocabulary, duplicate ids, …).
    case inconsistentVocabulary(source: String, reason: String)
    /// A GGUF `tokenizer.ggml.pre` name with no known pre-tokenizer.
    case unknownGGUFPreTokenizer(name: String, supported: [String])
    /// `decode` was given an id that is not in the vocabulary.
    case idOutOfRange(id: Int, vocabularySize: Int)
    /// A training or construction parameter that cannot work (e.g. a vocabulary smaller than the byte alphabet).
    case invalidParameter(name: String, reason: String)
    /// Writing a file failed.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            return "\(path): cannot read the file (\(reason)); check the path, or set PRORANK_FIXTURES / PRORANK_MODELS"
        case .invalidJSON(let file, let keyPath, let reason):
            let at = keyPath.isEmpty ? "" : " at \(keyPath)"
            return "\(file): invalid tokenizer JSON\(at): \(reason); expected the Hugging Face tokenizers format (tokenizer.json)"
        case .unsupported(let file, let keyPath, let kind, let name, let supported):
            return "\(file): unsupported \(kind) \"\(name)\" at \(keyPath); supported: \(supported.joined(separator: "; "))"
        case .inconsistentVocabulary(let source, let reason):
            return "\(source): inconsistent vocabulary: \(reason)"
        case .unknownGGUFPreTokenizer(let name, let supported):
            return "GGUF tokenizer.ggml.pre = \"\(name)\" is not supported; supported: \(supported.joined(separator: ", "))"
        case .idOutOfRange(let id, let size):
            return "token id \(id) is not in the vocabulary (ids 0..<\(size)); the ids may come from another tokenizer"
        case .invalidParameter(let name, let reason):
            return "invalid tokenizer parameter \(name): \(reason)"
        case .writeFailed(let path, let reason):
            return "\(path): cannot write the tokenizer (\(reason))"
        }
    }

    public var errorDescription: String? { description }
}
