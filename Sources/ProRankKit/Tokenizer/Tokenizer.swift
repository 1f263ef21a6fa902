// The byte-level BPE tokenizer: text → ids and ids → text, exactly as Hugging Face `tokenizers` (0.23) does for
// GPT-2, SmolLM2 and Qwen2 / Qwen2.5. Load it from a tokenizer.json (Tokenizer+JSON.swift), from GGUF vocabulary
// metadata (Tokenizer+GGUF.swift), or train one (BPETrainer.swift); write it with Tokenizer+Write.swift.

import Foundation

/// A byte-level BPE tokenizer.
///
/// Encoding runs the stages of tokenizers' `Tokenizer::encode`:
///
/// ```
/// text ─ added tokens cut out (raw text) ─ normalizer (NFC or none) ─ added tokens cut out (normalized text)
///      ─ pre-tokenizer (Split / Digits / ByteLevel) ─ BPE per piece ─ ids
/// ```
/// and nothing else: no BOS/EOS or template tokens are added. Decoding maps ids back to their byte-level strings,
/// then to bytes, and reads the bytes as UTF-8 with invalid sequences replaced by U+FFFD, one per maximal invalid
/// subpart (Rust's `String::from_utf8_lossy`, which is also what Swift's `String(decoding:as:)` does).
///
/// ```swift
/// let tok = try Tokenizer(contentsOf: URL(fileURLWithPath: "tokenizer.json"))
/// let ids = tok.encode("<|im_start|>user\nquery: what causes scurvy")
/// let text = try tok.decode(ids, skipSpecial: true)     // "user\nquery: what causes scurvy"
/// ```
///
/// Instances are immutable apart from an internal per-word cache behind a lock, so one tokenizer can be shared
/// between threads.
public final class Tokenizer: @unchecked Sendable {
    let model: BPEModel
    /// All added tokens, in id order.
    public let addedTokens: [AddedToken]
    let normalizer: Normalizer
    let preTokenizer: PreTokenizer
    /// Added tokens matched in the raw text / in the normalized text.
    let rawMatcher: AddedTokenMatcher
    let normalizedMatcher: AddedTokenMatcher

    /// id → token string (added tokens override the model's vocabulary, as in tokenizers).
    private let tokens: [String?]
    /// token string → id (added tokens first).
    private let ids: [String: Int]
    /// id → bytes the decoder produces, as one arena: bytes of id i are `decodeBytes[decodeOffsets[i]..<decodeOffsets[i+1]]`.
    private let decodeBytes: [UInt8]
    private let decodeOffsets: [Int32]
    /// id → whether `decode(_:skipSpecial: true)` drops it.
    private let isSpecial: [Bool]

    /// Beginning-of-sequence, end-of-sequence and padding ids, where the source says (GGUF metadata, or a
    /// tokenizer_config.json next to the tokenizer.json).
    public let bosID: Int?
    public let eosID: Int?
    public let padID: Int?

    private let lock = NSLock()
    /// Guarded by `lock`; moved out for the duration of `resolve` (one exclusivity check per call, not per word).
    private var cache: WordCache? = WordCache()

    /// Assembles a tokenizer from its parts; `source` names the file (or "GGUF metadata") in errors.
    init(model: BPEModel, addedTokens: [AddedToken], normalizer: Normalizer, preTokenizer: PreTokenizer,
         bosID: Int?, eosID: Int?, padID: Int?, source: String) throws {
        self.model = model
        self.addedTokens = addedTokens.sorted { $0.id < $1.id }
        self.normalizer = normalizer
        self.preTokenizer = preTokenizer
        self.bosID = bosID
        self.eosID = eosID
        self.padID = padID

        let raw = addedTokens.filter { !$0.normalized }
        rawMatcher = AddedTokenMatcher(raw, contents: raw.map(\.content))
        let normalized = addedTokens.filter(\.normalized)
        normalizedMatcher = AddedTokenMatcher(normalized, contents: normalized.map { token in
            var out: [UInt8] = []
            Array(token.content.utf8).withUnsafeBufferPointer { normalizer.normalize($0, appendingTo: &out) }
            return String(decoding: out, as: UTF8.self)
        })

        let size = max(model.vocab.values.max().map { Int($0) + 1 } ?? 0, (addedTokens.map(\.id).max() ?? -1) + 1)
        var tokens = [String?](repeating: nil, count: size)
        for (token, id) in model.vocab { tokens[Int(id)] = token }
        for token in addedTokens {
            guard token.id >= 0 else {
                throw TokenizerError.inconsistentVocabulary(source: source, reason: "added token \"\(token.content)\" has id \(token.id)")
            }
            tokens[token.id] = token.content
        }
        var ids = [String: Int](minimumCapacity: model.vocab.count + addedTokens.count)
        for (token, id) in model.vocab { ids[token] = Int(id) }
        for token in addedTokens { ids[token.content] = token.id }
        self.tokens = tokens
        self.ids = ids

        let specialContents = Set(addedTokens.filter(\.special).map(\.content))
        isSpecial = tokens.map { $0.map(specialContents.contains) ?? false }
        var bytes: [UInt8] = [], offsets: [Int32] = [0]
        for token in tokens {
            if let token { bytes.append(contentsOf: ByteLevel.decoderBytes(token)) }
            offsets.append(Int32(bytes.count))
        }
        decodeBytes = bytes
        decodeOffsets = offsets
    }

    // MARK: Vocabulary

    /// The number of ids: one more than the largest id of the vocabulary or the added tokens (the embedding rows a
    /// model needs).
    public var vocabularySize: Int { tokens.count }

    /// Ids of the special added tokens, ascending.
    public var specialTokenIDs: [Int] { addedTokens.filter(\.special).map(\.id) }

    /// The id of a token string (byte-level form for ordinary tokens, "Ġworld"; content for added tokens).
    public func id(of token: String) -> Int? { ids[token] }

    /// The token string of an id, or nil when the id is not in the vocabulary.
    public func token(of id: Int) -> String? {
        id >= 0 && id < tokens.count ? tokens[id] : nil
    }

    // MARK: Encoding

    /// The ids of `text`. With `parseSpecial` (the default, as tokenizers), special tokens written in the text
    /// ("<|im_start|>") become their ids; without it they are tokenized as ordinary text. Non-special added tokens
    /// are always matched. Nothing is added (no BOS/EOS).
    public func encode(_ text: String, parseSpecial: Bool = true) -> [Int] {
        var work = EncodeWork()
        var text = text
        text.withUTF8 { segmentText($0, parseSpecial: parseSpecial, into: &work) }
        var out: [Int32] = []
        out.reserveCapacity(work.bytes.count / 3 + 4)
        lock.lock()
        resolve(&work, into: &out)
        lock.unlock()
        return out.map(Int.init)
    }

    /// Buffers of one `encode` call: the normalized text, the units to turn into ids, scratch lists.
    struct EncodeWork {
        var bytes: [UInt8] = []
        /// Pieces of `bytes` to BPE-encode, or added-token ids (`end == -1`, id in `start`).
        var units: [ByteRange] = []
        var segments: [Segment] = []
        var inner: [Segment] = []
        var pieces: [ByteRange] = []
        var preScratch = PreTokenizer.Scratch()
        var bpeScratch = BPEModel.Scratch()
    }

    /// Stages up to the pre-tokenizer: fills `work.bytes` with the normalized text and `work.units` with the pieces
    /// and added tokens, in order. Touches no shared state.
    private func segmentText(_ text: UnsafeBufferPointer<UInt8>, parseSpecial: Bool, into work: inout EncodeWork) {
        guard let base = text.baseAddress, text.count > 0 else { return }
        work.bytes.reserveCapacity(text.count + 16)
        rawMatcher.split(base, ByteRange(start: 0, end: text.count), parseSpecial: parseSpecial, into: &work.segments)
        for segment in work.segments {
            switch segment {
            case .added(let id):
                work.units.append(ByteRange(start: Int(id), end: -1))
            case .text(let r):
                let start = work.bytes.count
                normalizer.normalize(UnsafeBufferPointer(rebasing: text[r.start..<r.end]), appendingTo: &work.bytes)
                let normalized = ByteRange(start: start, end: work.bytes.count)
                work.inner.removeAll(keepingCapacity: true)
                if normalizedMatcher.isEmpty {
                    work.inner.append(.text(normalized))
                } else {
                    work.bytes.withUnsafeBufferPointer {
                        normalizedMatcher.split($0.baseAddress!, normalized, parseSpecial: parseSpecial, into: &work.inner)
                    }
                }
                for piece in work.inner {
                    switch piece {
                    case .added(let id):
                        work.units.append(ByteRange(start: Int(id), end: -1))
                    case .text(let r):
                        work.pieces.removeAll(keepingCapacity: true)
                        preTokenizer.split(&work.bytes, r, into: &work.pieces, scratch: &work.preScratch)
                        work.units.append(contentsOf: work.pieces)
                    }
                }
            }
        }
    }

    /// BPE for every unit, through the word cache. Call with `lock` held.
    private func resolve(_ work: inout EncodeWork, into out: inout [Int32]) {
        let byteIDs = model.byteIDs
        var cache = self.cache.take() ?? WordCache()
        defer { self.cache = cache }
        work.bytes.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else {
                for u in work.units where u.end == -1 { out.append(Int32(u.start)) }
                return
            }
            for u in work.units {
                if u.end == -1 {
                    out.append(Int32(u.start))
                    continue
                }
                let p = base + u.start, n = u.end - u.start
                if n == 1, byteIDs[Int(p[0])] >= 0, !model.ignoreMerges {
                    out.append(byteIDs[Int(p[0])])
                    continue
                }
                let key = WordCache.key(p, n)
                if cache.appendCached(p, n, key: key, to: &out) { continue }
                let before = out.count
                model.encodeWord(p, n, into: &out, scratch: &work.bpeScratch)
                if n <= Tokenizer.maxCachedWordBytes { cache.insert(p, n, key: key, ids: out[before...]) }
            }
        }
    }

    /// Longer pieces (runs of symbols, base64, …) are encoded every time instead of filling the cache.
    static var maxCachedWordBytes: Int { 256 }

    // MARK: Decoding

    /// The text of `ids`: byte-level tokens back to bytes, added tokens as their content, invalid UTF-8 replaced
    /// (one U+FFFD per maximal invalid subpart). With `skipSpecial`, special tokens are left out.
    /// - Throws: `TokenizerError.idOutOfRange` for an id with no token.
    public func decode(_ ids: [Int], skipSpecial: Bool = false) throws -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ids.count * 4)
        for id in ids {
            guard id >= 0, id < tokens.count, tokens[id] != nil else {
                throw TokenizerError.idOutOfRange(id: id, vocabularySize: tokens.count)
            }
            if skipSpecial && isSpecial[id] { continue }
            bytes.append(contentsOf: decodeBytes[Int(decodeOffsets[id])..<Int(decodeOffsets[id + 1])])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
