// Byte-level BPE training: learn merges from a corpus until the vocabulary has the requested size, following
// Hugging Face tokenizers' `BpeTrainer` step for step (the merge loop is in BPETrainer+Merges.swift), so that the
// same corpus and settings give the same vocabulary and merges as `tokenizers` 0.23.

import Foundation

/// Trains a byte-level BPE tokenizer.
///
/// ```
/// words   = pre-tokenized pieces of the normalized corpus, with their counts (added tokens are not cut out)
/// vocab   = special tokens (placement .first) · the 256 byte-level characters sorted by code point
/// repeat until |vocab| = N (placement .last: N − #specials, the specials then get the last ids):
///     (a, b) = the adjacent pair with the highest count Σ_words count(w)·occurrences; ties: the smallest (id a, id b)
///     stop if count < minFrequency
///     add the token a+b (unless it exists), record the merge (a, b), merge it in every word containing it
/// ```
///
/// ```swift
/// let trainer = BPETrainer(.init(vocabularySize: 1024, specialTokens: ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]))
/// let tokenizer = try trainer.train(docstrings)
/// try tokenizer.write(to: folder.appendingPathComponent("tokenizer.json"))
/// ```
///
/// ### References
/// R. Sennrich, B. Haddow, A. Birch, "Neural Machine Translation of Rare Words with Subword Units", ACL 2016;
/// Hugging Face tokenizers, `models/bpe/trainer.rs`.
public struct BPETrainer: Sendable {
    /// Where the special tokens go in the vocabulary.
    public enum SpecialTokenPlacement: String, Sendable {
        /// Ids 0, 1, … before the byte alphabet, part of the BPE vocabulary (SmolLM2's layout).
        case first
        /// The last ids, added after training outside the BPE vocabulary (Qwen2's layout).
        case last
    }

    public struct Parameters: Sendable {
        /// Total vocabulary size N, special tokens included. At least 256 + the number of special tokens.
        public var vocabularySize: Int
        /// A pair seen fewer times than this is never merged (training may then stop below N).
        public var minFrequency: Int
        /// Special tokens, matched whole when encoding and skipped by `decode(_:skipSpecial: true)`.
        public var specialTokens: [String]
        public var specialTokenPlacement: SpecialTokenPlacement
        /// Normalizer and pre-tokenizer of the trained tokenizer (and of training).
        public var preset: TokenizerPreset

        public init(vocabularySize: Int, minFrequency: Int = 2, specialTokens: [String] = [],
                    specialTokenPlacement: SpecialTokenPlacement = .first, preset: TokenizerPreset = .smollm2) {
            self.vocabularySize = vocabularySize
            self.minFrequency = minFrequency
            self.specialTokens = specialTokens
            self.specialTokenPlacement = specialTokenPlacement
            self.preset = preset
        }
    }

    /// Reported every `progressInterval` merges and at the end; return false to stop early.
    public struct Progress: Sendable {
        public var merges: Int
        /// Merges needed to reach the vocabulary size.
        public var targetMerges: Int
        /// Count of the pair just merged.
        public var lastPairCount: Int
    }

    public var parameters: Parameters
    public var progressInterval = 100

    public init(_ parameters: Parameters) {
        self.parameters = parameters
    }

    /// Trains on `corpus` and returns the tokenizer.
    /// - Throws: `TokenizerError.invalidParameter` when the vocabulary cannot hold the alphabet and special tokens.
    public func train(_ corpus: some Sequence<String>, progress: ((Progress) -> Bool)? = nil) throws -> Tokenizer {
        let p = parameters
        let specials = p.specialTokens
        guard Set(specials).count == specials.count else {
            throw TokenizerError.invalidParameter(name: "specialTokens", reason: "\(specials) lists a token twice")
        }
        guard p.vocabularySize >= 256 + specials.count else {
            throw TokenizerError.invalidParameter(
                name: "vocabularySize",
                reason: "\(p.vocabularySize) cannot hold the 256 byte-level characters and \(specials.count) special tokens")
        }
        guard p.minFrequency >= 0 else {
            throw TokenizerError.invalidParameter(name: "minFrequency", reason: "\(p.minFrequency) is negative")
        }

        var state = MergeState()
        if p.specialTokenPlacement == .first { for s in specials { state.addToken(s) } }
        for b in BPETrainer.alphabetOrder { state.addToken(String(Character(ByteLevel.scalars[Int(b)]))) }
        let byteIDs = BPETrainer.alphabetOrder.reduce(into: [Int32](repeating: 0, count: 256)) { ids, b in
            ids[Int(b)] = state.idOf[String(Character(ByteLevel.scalars[Int(b)]))]!
        }
        let (words, counts) = countWords(corpus, preset: p.preset)
        state.words = words.map { $0.map { byteIDs[Int($0)] } }
        state.counts = counts

        let target = p.vocabularySize - (p.specialTokenPlacement == .last ? specials.count : 0)
        state.run(vocabularySize: target, minFrequency: p.minFrequency, progressInterval: progressInterval, progress: progress)

        var vocab = [String: Int32](minimumCapacity: state.tokens.count)
        for (id, token) in state.tokens.enumerated() { vocab[token] = Int32(id) }
        let merges = state.merges.map { (state.tokens[Int($0.0)], state.tokens[Int($0.1)]) }
        let model = try BPEModel(vocab: vocab, merges: merges, byteFallback: false, unknownToken: nil,
                                 ignoreMerges: false, source: "BPETrainer")
        let firstSpecialID = p.specialTokenPlacement == .first ? 0 : state.tokens.count
        let added = specials.enumerated().map { k, s in
            AddedToken(id: firstSpecialID + k, content: s, special: true, normalized: false)
        }
        return try Tokenizer(model: model, addedTokens: added, normalizer: p.preset.normalizer,
                             preTokenizer: p.preset.preTokenizer, bosID: nil, eosID: nil, padID: nil, source: "BPETrainer")
    }

    /// The bytes in the order of their byte-level characters' code points (tokenizers sorts the alphabet so):
    /// printable bytes first (they stand for themselves), then the 68 others (U+0100…U+0143).
    static let alphabetOrder: [UInt8] = (0..<256).map { UInt8($0) }.sorted {
        ByteLevel.scalars[Int($0)].value < ByteLevel.scalars[Int($1)].value
    }

    /// The distinct pre-tokenized words (raw bytes) of the corpus and how often each occurs, in first-seen order.
    private func countWords(_ corpus: some Sequence<String>, preset: TokenizerPreset) -> ([[UInt8]], [Int]) {
        let normalizer = preset.normalizer, preTokenizer = preset.preTokenizer
        var index: [[UInt8]: Int] = [:]
        var words: [[UInt8]] = [], counts: [Int] = []
        var bytes: [UInt8] = [], pieces: [ByteRange] = [], scratch = PreTokenizer.Scratch()
        for var text in corpus {
            bytes.removeAll(keepingCapacity: true)
            text.withUTF8 { normalizer.normalize($0, appendingTo: &bytes) }
            pieces.removeAll(keepingCapacity: true)
            preTokenizer.split(&bytes, ByteRange(start: 0, end: bytes.count), into: &pieces, scratch: &scratch)
            for piece in pieces {
                let word = Array(bytes[piece.start..<piece.end])
                if let k = index[word] {
                    counts[k] += 1
                } else {
                    index[word] = words.count
                    words.append(word)
                    counts.append(1)
                }
            }
        }
        return (words, counts)
    }
}
