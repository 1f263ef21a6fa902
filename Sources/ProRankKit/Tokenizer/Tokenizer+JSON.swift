// Loading a Hugging Face tokenizer.json (the `tokenizers` serialization) of a byte-level BPE: model BPE, added
// tokens, normalizer, pre-tokenizer. The decoder and post-processor are not needed (decoding is always byte-level;
// nothing is added to encodings) and are ignored. bos/eos/pad come from a tokenizer_config.json beside the file.

import Foundation

extension Tokenizer {
    /// Loads `tokenizer.json` (or the tokenizer.json inside a model folder).
    ///
    /// Supported: model `BPE` (vocab; merges as "a b" strings or [a, b] pairs; `byte_fallback`, `ignore_merges`,
    /// `unk_token`); `added_tokens`; normalizer null, `NFC` or a `Sequence` of them; pre-tokenizer `ByteLevel`,
    /// `Split` (the GPT-2 or Qwen2 regex, behavior Isolated), `Digits`, or a `Sequence` of them, with a ByteLevel
    /// step somewhere. When a `tokenizer_config.json` lies beside the file, its `bos_token`, `eos_token` and
    /// `pad_token` give `bosID`, `eosID`, `padID`.
    /// - Throws: `TokenizerError` naming the file and key for anything missing, malformed or unsupported.
    public convenience init(contentsOf url: URL) throws {
        var file = url
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            file = url.appendingPathComponent("tokenizer.json")
        }
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw TokenizerError.unreadableFile(path: file.path, reason: error.localizedDescription)
        }
        let config = file.deletingLastPathComponent().appendingPathComponent("tokenizer_config.json")
        try self.init(jsonData: data, source: file.path,
                      config: FileManager.default.fileExists(atPath: config.path) ? config : nil)
    }

    /// Loads a tokenizer.json held in memory; `source` names it in errors; `config` is an optional
    /// tokenizer_config.json for bos/eos/pad.
    public convenience init(jsonData: Data, source: String = "tokenizer.json", config: URL? = nil) throws {
        let root = try JSONNode(data: jsonData, file: source)
        let model = try root["model"]
        if model.isNull { throw model.error("missing; a tokenizer.json has a \"model\" object") }
        let type = try model["type"].optionalString() ?? "BPE"
        guard type == "BPE" else {
            throw TokenizerError.unsupported(file: source, keyPath: "model.type", kind: "model type", name: type,
                                             supported: ["BPE (byte-level)"])
        }
        for key in ["continuing_subword_prefix", "end_of_word_suffix"] {
            if let s = try model[key].optionalString(), !s.isEmpty {
                throw TokenizerError.unsupported(file: source, keyPath: "model.\(key)", kind: "BPE option",
                                                 name: "\(key) = \"\(s)\"", supported: ["null or \"\""])
            }
        }
        // BPE-dropout makes encoding random (a training-time regularizer); inference files have null or 0.
        let dropout = try model["dropout"]
        if !dropout.isNull, let p = dropout.value as? NSNumber, p.doubleValue > 0 {
            throw TokenizerError.unsupported(file: source, keyPath: "model.dropout", kind: "BPE option", name: "dropout = \(p)",
                                             supported: ["null or 0 (deterministic encoding)"])
        }
        let bpe = try BPEModel(vocab: Tokenizer.readVocab(try model["vocab"]),
                               merges: Tokenizer.readMerges(try model["merges"]),
                               byteFallback: try model["byte_fallback"].bool(default: false),
                               unknownToken: try model["unk_token"].optionalString(),
                               ignoreMerges: try model["ignore_merges"].bool(default: false), source: source)
        let added = try Tokenizer.readAddedTokens(try root["added_tokens"])
        let normalizer = try Tokenizer.readNormalizer(try root["normalizer"])
        let preTokenizer = PreTokenizer(steps: try Tokenizer.readPreTokenizer(try root["pre_tokenizer"]))
        guard preTokenizer.isByteLevel else {
            throw TokenizerError.unsupported(file: source, keyPath: "pre_tokenizer", kind: "pre-tokenizer",
                                             name: "without a ByteLevel step",
                                             supported: ["byte-level BPE: a ByteLevel pre-tokenizer, alone or in a Sequence"])
        }
        var special: (bos: Int?, eos: Int?, pad: Int?) = (nil, nil, nil)
        if let config {
            special = try Tokenizer.readSpecialTokenIDs(config, vocab: bpe.vocab, added: added)
        }
        try self.init(model: bpe, addedTokens: added, normalizer: normalizer, preTokenizer: preTokenizer,
                      bosID: special.bos, eosID: special.eos, padID: special.pad, source: source)
    }

    // MARK: Sections

    static func readVocab(_ node: JSONNode) throws -> [String: Int32] {
        let object = try node.object()
        var vocab = [String: Int32](minimumCapacity: object.count)
        for (token, value) in object {
            guard let n = value as? NSNumber, !(value is String), let id = Int32(exactly: n.doubleValue), id >= 0 else {
                throw node.error("the id of \"\(token)\" is not a non-negative integer")
            }
            vocab[token] = id
        }
        return vocab
    }

    /// Merges as "a b" strings (older files) or [a, b] arrays (tokenizers ≥ 0.20).
    static func readMerges(_ node: JSONNode) throws -> [(String, String)] {
        if node.isNull { return [] }
        guard let array = node.value as? [Any] else { throw node.error("expected an array of merges, found \(node.kind)") }
        var merges: [(String, String)] = []
        merges.reserveCapacity(array.count)
        for (k, item) in array.enumerated() {
            if let line = item as? String {
                guard let space = line.firstIndex(of: " ") else {
                    throw node.error("merge \(k) \"\(line)\" has no space between its two tokens")
                }
                merges.append((String(line[..<space]), String(line[line.index(after: space)...])))
            } else if let pair = item as? [Any], pair.count == 2, let a = pair[0] as? String, let b = pair[1] as? String {
                merges.append((a, b))
            } else {
                throw node.error("merge \(k) is neither \"a b\" nor [\"a\", \"b\"]")
            }
        }
        return merges
    }

    static func readAddedTokens(_ node: JSONNode) throws -> [AddedToken] {
        if node.isNull { return [] }
        return try node.array().map { item in
            AddedToken(id: try item["id"].int(), content: try item["content"].string(),
                       special: try item["special"].bool(default: false),
                       singleWord: try item["single_word"].bool(default: false),
                       lstrip: try item["lstrip"].bool(default: false), rstrip: try item["rstrip"].bool(default: false),
                       normalized: try item["normalized"].bool(default: true))
        }
    }

    static func readNormalizer(_ node: JSONNode) throws -> Normalizer {
        if node.isNull { return .none }
        let type = try node["type"].string()
        switch type {
        case "NFC": return Normalizer(steps: [.nfc])
        case "Sequence":
            return Normalizer(steps: try node["normalizers"].array().flatMap { try readNormalizer($0).steps })
        default:
            throw TokenizerError.unsupported(file: node.file, keyPath: node.path + ".type", kind: "normalizer", name: type,
                                             supported: ["null", "NFC", "Sequence of those"])
        }
    }

    static func readPreTokenizer(_ node: JSONNode) throws -> [PreTokenizerStep] {
        if node.isNull { return [] }
        let type = try node["type"].string()
        switch type {
        case "ByteLevel":
            return [.byteLevel(addPrefixSpace: try node["add_prefix_space"].bool(default: true),
                               trimOffsets: try node["trim_offsets"].bool(default: true),
                               useRegex: try node["use_regex"].bool(default: true))]
        case "Digits":
            return [.digits(individual: try node["individual_digits"].bool(default: false))]
        case "Split":
            return [.split(try readSplit(node))]
        case "Sequence":
            return try node["pretokenizers"].array().flatMap { try readPreTokenizer($0) }
        default:
            throw TokenizerError.unsupported(file: node.file, keyPath: node.path + ".type", kind: "pre-tokenizer",
                                             name: type, supported: ["ByteLevel", "Split", "Digits", "Sequence"])
        }
    }

    private static func readSplit(_ node: JSONNode) throws -> SplitPattern {
        let pattern = try node["pattern"]
        let behavior = try node["behavior"].optionalString() ?? "Isolated"
        guard behavior == "Isolated", try !node["invert"].bool(default: false) else {
            throw TokenizerError.unsupported(file: node.file, keyPath: node.path + ".behavior", kind: "Split behavior",
                                             name: "\(behavior) (invert \(try node["invert"].bool(default: false)))",
                                             supported: ["Isolated with invert false"])
        }
        // Each regex runs as a hand-written scanner (PreTokenizer+Scanners.swift); a new pattern needs a new scanner.
        let supported = SplitPattern.allCases.map { "\($0.rawValue) \($0.regex)" }
        if let regex = try pattern["Regex"].optionalString() {
            guard let known = SplitPattern(regex: regex) else {
                throw TokenizerError.unsupported(file: node.file, keyPath: pattern.path + ".Regex",
                                                 kind: "Split regex (each supported one has a hand-written scanner)",
                                                 name: regex, supported: supported)
            }
            return known
        }
        let literal = try pattern["String"].optionalString() ?? "(none)"
        throw TokenizerError.unsupported(file: node.file, keyPath: pattern.path, kind: "Split pattern",
                                         name: "String \"\(literal)\"", supported: supported)
    }

    /// bos/eos/pad ids from a tokenizer_config.json: each key holds a token string, {"content": …} or null.
    static func readSpecialTokenIDs(_ url: URL, vocab: [String: Int32], added: [AddedToken]) throws
        -> (bos: Int?, eos: Int?, pad: Int?) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TokenizerError.unreadableFile(path: url.path, reason: error.localizedDescription)
        }
        let root = try JSONNode(data: data, file: url.path)
        func id(_ key: String) throws -> Int? {
            let node = try root[key]
            let content: String?
            if node.value is [String: Any] { content = try node["content"].string() } else { content = try node.optionalString() }
            guard let content else { return nil }
            if let token = added.first(where: { $0.content == content }) { return token.id }
            return vocab[content].map(Int.init)
        }
        return (try id("bos_token"), try id("eos_token"), try id("pad_token"))
    }
}
