// Writing a tokenizer as a Hugging Face tokenizer.json, in the layout tokenizers 0.23's `save` produces (vocab in id
// order, merges as [a, b] pairs), so that `Tokenizer.from_file`, transformers and vLLM load it. Hand-written JSON
// keeps that key order, which Foundation's serializers do not.

import Foundation

extension Tokenizer {
    /// The tokenizer.json text of this tokenizer: model BPE, added tokens, normalizer, pre-tokenizer, and a ByteLevel
    /// decoder; no post-processor (encodings get nothing added, as here).
    public func jsonString() -> String {
        var out = "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":["
        out += addedTokens.map { t in
            "{\"id\":\(t.id),\"content\":\(JSONString.quoted(t.content)),\"single_word\":\(t.singleWord),"
                + "\"lstrip\":\(t.lstrip),\"rstrip\":\(t.rstrip),\"normalized\":\(t.normalized),\"special\":\(t.special)}"
        }.joined(separator: ",")
        out += "],\"normalizer\":" + JSONText.normalizer(normalizer)
        out += ",\"pre_tokenizer\":" + JSONText.preTokenizer(preTokenizer)
        out += ",\"post_processor\":null"
        out += ",\"decoder\":{\"type\":\"ByteLevel\",\"add_prefix_space\":true,\"trim_offsets\":true,\"use_regex\":true}"
        out += ",\"model\":{\"type\":\"BPE\",\"dropout\":null,\"unk_token\":"
            + (model.unknownToken.map(JSONString.quoted) ?? "null")
            + ",\"continuing_subword_prefix\":null,\"end_of_word_suffix\":null,\"fuse_unk\":false"
            + ",\"byte_fallback\":\(model.byteFallback),\"ignore_merges\":\(model.ignoreMerges),\"vocab\":{"
        let byID = model.vocab.sorted { $0.value < $1.value }
        out += byID.map { JSONString.quoted($0.key) + ":\($0.value)" }.joined(separator: ",")
        out += "},\"merges\":["
        var names = [String](repeating: "", count: Int(byID.last?.value ?? -1) + 1)
        for (token, id) in byID { names[Int(id)] = token }
        out += model.merges.map { "[" + JSONString.quoted(names[Int($0.0)]) + "," + JSONString.quoted(names[Int($0.1)]) + "]" }
            .joined(separator: ",")
        out += "]}}"
        return out
    }

    /// Writes `jsonString()` to `url` (a file path; a folder gets `tokenizer.json` inside it).
    /// - Throws: `TokenizerError.writeFailed` naming the path.
    public func write(to url: URL) throws {
        var file = url
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            file = url.appendingPathComponent("tokenizer.json")
        }
        do {
            try Data(jsonString().utf8).write(to: file, options: .atomic)
        } catch {
            throw TokenizerError.writeFailed(path: file.path, reason: error.localizedDescription)
        }
    }
}

/// JSON text of the pipeline parts.
enum JSONText {
    static func normalizer(_ n: Normalizer) -> String {
        let parts = n.steps.map { step -> String in
            switch step {
            case .nfc: return "{\"type\":\"NFC\"}"
            }
        }
        switch parts.count {
        case 0: return "null"
        case 1: return parts[0]
        default: return "{\"type\":\"Sequence\",\"normalizers\":[" + parts.joined(separator: ",") + "]}"
        }
    }

    static func preTokenizer(_ p: PreTokenizer) -> String {
        let parts = p.steps.map { step -> String in
            switch step {
            case .split(let pattern):
                return "{\"type\":\"Split\",\"pattern\":{\"Regex\":" + JSONString.quoted(pattern.regex)
                    + "},\"behavior\":\"Isolated\",\"invert\":false}"
            case .digits(let individual):
                return "{\"type\":\"Digits\",\"individual_digits\":\(individual)}"
            case .byteLevel(let addPrefixSpace, let trimOffsets, let useRegex):
                return "{\"type\":\"ByteLevel\",\"add_prefix_space\":\(addPrefixSpace),\"trim_offsets\":\(trimOffsets),"
                    + "\"use_regex\":\(useRegex)}"
            }
        }
        switch parts.count {
        case 0: return "null"
        case 1: return parts[0]
        default: return "{\"type\":\"Sequence\",\"pretokenizers\":[" + parts.joined(separator: ",") + "]}"
        }
    }
}
