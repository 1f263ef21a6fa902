// A tiny decoder made from scratch for a collection: a byte-level BPE tokenizer trained on its texts (with the
// ChatML markers the ProRank prompt needs as special tokens) and a freshly initialised Llama-family model sized to
// train in seconds on a CPU. Pretrain it on the same texts (PretrainTrainer) before applying the method to it.

import Foundation

/// Recipes for tiny models that a notebook or test builds in seconds.
public enum TinyModel {
    /// The special tokens, first in the vocabulary (SmolLM2's layout): end of text (also pad and EOS) and the
    /// ChatML markers.
    public static let specialTokens = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]

    /// The shape of a tiny model.
    public struct Shape: Sendable, Equatable {
        public var vocabularySize = 1024
        public var hiddenSize = 64
        public var intermediateSize = 176
        public var layers = 2
        public var heads = 4
        public var kvHeads = 2
        public var maxPositions = 512

        public init() {}
    }

    /// Trains a tokenizer on `texts` (plus the ProRank prompt's fixed text, so its pieces are words of the
    /// vocabulary) and initialises a model for it from `seed`. `<|im_end|>` is the EOS id, `<|endoftext|>` the pad.
    public static func build(texts: [String], shape: Shape = Shape(), seed: UInt64) throws -> (model: DecoderLM, tokenizer: Tokenizer) {
        guard !texts.isEmpty else { throw TrainingError.invalidData("tinyModel: no texts to train a tokenizer on") }
        guard shape.vocabularySize >= 256 + specialTokens.count, shape.hiddenSize >= 1, shape.layers >= 1, shape.heads >= 1,
              shape.kvHeads >= 1, shape.heads % shape.kvHeads == 0, shape.hiddenSize % shape.heads == 0,
              (shape.hiddenSize / shape.heads) % 2 == 0, shape.intermediateSize >= 1, shape.maxPositions >= 16 else {
            throw TrainingError.invalidParameter("tinyModel: the shape \(shape) is not a valid decoder (vocabulary ≥ 259, heads a multiple of kvHeads, an even head size dividing hiddenSize)")
        }
        let promptText = [RerankPrompt.prefix, RerankPrompt.task, RerankPrompt.suffix, "query: ", "document: "]
        let trainer = BPETrainer(.init(vocabularySize: shape.vocabularySize, minFrequency: 2, specialTokens: specialTokens,
                                       specialTokenPlacement: .first, preset: .smollm2))
        let tokenizer = try trainer.train(texts + promptText)
        let ids = specialTokens.map { tokenizer.id(of: $0)! }
        var config = DecoderConfig(family: .llama, vocabularySize: tokenizer.vocabularySize, hiddenSize: shape.hiddenSize,
                                   intermediateSize: shape.intermediateSize, layerCount: shape.layers, headCount: shape.heads,
                                   kvHeadCount: shape.kvHeads, rmsNormEps: 1e-5, maxPositionEmbeddings: shape.maxPositions,
                                   bosTokenID: ids[1], eosTokenIDs: [ids[2]], padTokenID: ids[0])
        config.initializerRange = 0.02
        var rng = SeededRNG(seed: seed)
        return (try DecoderLM(config: config, rng: &rng), tokenizer)
    }
}
