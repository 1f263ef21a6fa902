// A tokenizer from the vocabulary metadata of a GGUF file (llama.cpp's `tokenizer.ggml.*` keys, model "gpt2",
// i.e. byte-level BPE). The GGUF reader (Formats/) extracts the arrays; this file only interprets them.

extension Tokenizer {
    /// GGUF `tokenizer.ggml.token_type` values.
    public enum GGUFTokenType: Int, Sendable {
        case normal = 1, unknown = 2, control = 3, userDefined = 4, unused = 5, byte = 6
    }

    /// A tokenizer from GGUF vocabulary metadata.
    ///
    /// - Parameters:
    ///   - tokens: `tokenizer.ggml.tokens`, the token strings in id order (byte-level alphabet).
    ///   - tokenTypes: `tokenizer.ggml.token_type`, one per token (empty = all normal). Control tokens (3) become
    ///     special added tokens, user-defined ones (4) non-special added tokens, both matched whole in raw text.
    ///   - merges: `tokenizer.ggml.merges`, "a b" in rank order.
    ///   - preTokenizer: `tokenizer.ggml.pre`: "gpt2", "qwen2" or "smollm" (see `TokenizerPreset.ggufNames`).
    ///   - bosID, eosID, padID: `tokenizer.ggml.bos_token_id` etc. when present.
    /// - Throws: `TokenizerError.unknownGGUFPreTokenizer` for another pre-tokenizer name, `.invalidParameter` when the
    ///   arrays disagree, `.inconsistentVocabulary` when a merge uses an unknown token.
    public convenience init(tokens: [String], tokenTypes: [Int], merges: [String], preTokenizer: String,
                            bosID: Int? = nil, eosID: Int? = nil, padID: Int? = nil) throws {
        let preset = try TokenizerPreset(ggufName: preTokenizer)
        let source = "GGUF metadata (tokenizer.ggml.*)"
        guard tokenTypes.isEmpty || tokenTypes.count == tokens.count else {
            throw TokenizerError.invalidParameter(
                name: "tokenTypes", reason: "\(tokenTypes.count) token types for \(tokens.count) tokens (tokenizer.ggml.token_type)")
        }
        var vocab = [String: Int32](minimumCapacity: tokens.count)
        var added: [AddedToken] = []
        for (id, token) in tokens.enumerated() {
            vocab[token] = Int32(id)
            let type = tokenTypes.isEmpty ? GGUFTokenType.normal.rawValue : tokenTypes[id]
            if type == GGUFTokenType.control.rawValue || type == GGUFTokenType.userDefined.rawValue {
                added.append(AddedToken(id: id, content: token, special: type == GGUFTokenType.control.rawValue,
                                        normalized: false))
            }
        }
        var pairs: [(String, String)] = []
        pairs.reserveCapacity(merges.count)
        for (k, line) in merges.enumerated() {
            guard let space = line.firstIndex(of: " ") else {
                throw TokenizerError.inconsistentVocabulary(
                    source: source, reason: "merge \(k) \"\(line)\" has no space between its two tokens (tokenizer.ggml.merges)")
            }
            pairs.append((String(line[..<space]), String(line[line.index(after: space)...])))
        }
        for (name, id) in [("bos", bosID), ("eos", eosID), ("pad", padID)] {
            if let id, !(0..<tokens.count).contains(id) {
                throw TokenizerError.invalidParameter(name: "\(name)ID", reason: "\(id) is not a token id (0..<\(tokens.count))")
            }
        }
        let model = try BPEModel(vocab: vocab, merges: pairs, byteFallback: false, unknownToken: nil,
                                 ignoreMerges: false, source: source)
        try self.init(model: model, addedTokens: added, normalizer: preset.normalizer, preTokenizer: preset.preTokenizer,
                      bosID: bosID, eosID: eosID, padID: padID, source: source)
    }
}
