// The Llama/Qwen2 decoder language model: embedding, pre-norm blocks, final norm, tied or untied head.
// Follows transformers' `LlamaForCausalLM` / `Qwen2ForCausalLM` (eager attention, float32).

/// A decoder-only language model.
///
/// ```swift
/// let model = try DecoderLM.load(from: folder)                 // HF folder or .gguf (Checkpoint.swift)
/// let out = model.forward([ids])                               // hidden states [1, T, C], with autodiff
/// let last = model.logits(out.hidden, positions: [ids.count - 1])   // [1, 1, V]
/// let score = model.logits(out.hidden, position: ids.count - 1, vocabularyRows: [one, zero])  // [1, 2]
/// ```
/// Training runs through the autodiff tape; inference runs in `withoutGrad` with a `KVCache`. Logits over the
/// whole vocabulary are computed only for the positions asked for.
public final class DecoderLM {
    public let config: DecoderConfig
    /// Token embedding [V, C].
    public let embedding: Tensor
    public let blocks: [DecoderBlock]
    public let finalNorm: RMSNorm
    /// Output projection [V, C]; the embedding itself when the config ties them.
    public let head: Tensor
    /// Every trainable tensor under its Hugging Face name, in `named_parameters()` order (a tied head is not
    /// listed twice).
    public let parameters: Parameters

    /// Builds the model from tensors named as in a Hugging Face checkpoint. `source` names the file in errors.
    public init(config: DecoderConfig, weights: [String: Tensor], source: String) throws {
        try config.validate()
        self.config = config
        func take(_ name: String, _ shape: [Int]) throws -> Tensor {
            guard let t = weights[name] else { throw ModelError.missingWeight(name: name, source: source) }
            guard t.shape == shape else { throw ModelError.weightShape(name: name, expected: shape, found: t.shape, source: source) }
            return t
        }
        let (c, v, i, d) = (config.hiddenSize, config.vocabularySize, config.intermediateSize, config.headDim)
        let (hq, hkv) = (config.headCount, config.kvHeadCount)
        func linear(_ name: String, out: Int, in inputs: Int, bias: Bool) throws -> Linear {
            Linear(weight: try take("\(name).weight", [out, inputs]), bias: bias ? try take("\(name).bias", [out]) : nil)
        }
        embedding = try take("model.embed_tokens.weight", [v, c])
        blocks = try (0..<config.layerCount).map { layer in
            let p = "model.layers.\(layer)"
            let attention = SelfAttention(
                query: try linear("\(p).self_attn.q_proj", out: hq * d, in: c, bias: config.qkvBias),
                key: try linear("\(p).self_attn.k_proj", out: hkv * d, in: c, bias: config.qkvBias),
                value: try linear("\(p).self_attn.v_proj", out: hkv * d, in: c, bias: config.qkvBias),
                output: try linear("\(p).self_attn.o_proj", out: c, in: hq * d, bias: config.outputBias),
                headCount: hq, kvHeadCount: hkv, headDim: d, ropeTheta: config.ropeTheta)
            let mlp = GatedMLP(gate: try linear("\(p).mlp.gate_proj", out: i, in: c, bias: false),
                               up: try linear("\(p).mlp.up_proj", out: i, in: c, bias: false),
                               down: try linear("\(p).mlp.down_proj", out: c, in: i, bias: false))
            return DecoderBlock(inputNorm: RMSNorm(weight: try take("\(p).input_layernorm.weight", [c]), eps: config.rmsNormEps),
                                attention: attention,
                                postAttentionNorm: RMSNorm(weight: try take("\(p).post_attention_layernorm.weight", [c]), eps: config.rmsNormEps),
                                mlp: mlp)
        }
        finalNorm = RMSNorm(weight: try take("model.norm.weight", [c]), eps: config.rmsNormEps)
        head = config.tieWordEmbeddings ? embedding : try take("lm_head.weight", [v, c])

        var params = Parameters()
        params.add("model.embed_tokens.weight", embedding)
        for (layer, block) in blocks.enumerated() { params.add(prefix: "model.layers.\(layer)", block.parameters()) }
        params.add("model.norm.weight", finalNorm.weight)
        if !config.tieWordEmbeddings { params.add("lm_head.weight", head) }
        parameters = params
    }

    /// A freshly initialised model (Hugging Face's default: weights and embeddings N(0, initializerRange²),
    /// biases 0, norm gains 1), for tiny models trained from scratch.
    public convenience init(config: DecoderConfig, rng: inout SeededRNG) throws {
        try config.validate()
        var weights: [String: Tensor] = [:]
        let std = config.initializerRange
        let (c, d) = (config.hiddenSize, config.headDim)
        func linear(_ name: String, out: Int, in inputs: Int, bias: Bool) {
            weights["\(name).weight"] = Tensor.normal([out, inputs], std: std, rng: &rng)
            if bias { weights["\(name).bias"] = Tensor.zeros([out]) }
        }
        weights["model.embed_tokens.weight"] = Tensor.normal([config.vocabularySize, c], std: std, rng: &rng)
        for layer in 0..<config.layerCount {
            let p = "model.layers.\(layer)"
            linear("\(p).self_attn.q_proj", out: config.headCount * d, in: c, bias: config.qkvBias)
            linear("\(p).self_attn.k_proj", out: config.kvHeadCount * d, in: c, bias: config.qkvBias)
            linear("\(p).self_attn.v_proj", out: config.kvHeadCount * d, in: c, bias: config.qkvBias)
            linear("\(p).self_attn.o_proj", out: c, in: config.headCount * d, bias: config.outputBias)
            linear("\(p).mlp.gate_proj", out: config.intermediateSize, in: c, bias: false)
            linear("\(p).mlp.up_proj", out: config.intermediateSize, in: c, bias: false)
            linear("\(p).mlp.down_proj", out: c, in: config.intermediateSize, bias: false)
            weights["\(p).input_layernorm.weight"] = Tensor.ones([c])
            weights["\(p).post_attention_layernorm.weight"] = Tensor.ones([c])
        }
        weights["model.norm.weight"] = Tensor.ones([c])
        if !config.tieWordEmbeddings { weights["lm_head.weight"] = Tensor.normal([config.vocabularySize, c], std: std, rng: &rng) }
        try self.init(config: config, weights: weights, source: "random initialisation")
    }

    /// Hidden states after the final norm, and the cache extended by these positions when asked.
    public struct Output {
        /// [B, T, C]
        public let hidden: Tensor
        /// `cache` followed by this call's keys/values (nil unless `keepCache`).
        public let cache: KVCache?
    }

    /// Runs the decoder over `ids` (B rows of T tokens) after the positions held in `cache`.
    ///
    /// New tokens take positions P..<P+T (P = cached length), the same for every row, as transformers does
    /// without explicit position ids. `leftPadding[b]` leading key positions of row b (counted over cache and new
    /// tokens) are padding and are not attended to. A cache with one row may serve B rows (a shared prompt).
    public func forward(_ ids: [[Int]], cache: KVCache? = nil, leftPadding: [Int]? = nil, keepCache: Bool = false) -> Output {
        forward(embedded: embed(ids), fromLayer: 0, cache: cache, leftPadding: leftPadding, keepCache: keepCache)
    }

    /// The token embeddings of `ids` (B rows of T tokens): [B, T, C], the input of layer 0.
    public func embed(_ ids: [[Int]]) -> Tensor {
        let b = ids.count, t = ids.first?.count ?? 0
        precondition(b > 0 && t > 0 && ids.allSatisfy { $0.count == t }, "DecoderLM: ids must be B ≥ 1 rows of equal length T ≥ 1")
        // transformers builds the embedding with padding_idx = pad_token_id: that row learns only as an output row.
        return embedding.gatherRows(ids.flatMap { $0 }, shape: [b, t], paddingIndex: config.padTokenID)
    }

    /// Layers `fromLayer..<layerCount` and the final norm over `x` [B, T, C], the input of layer `fromLayer`
    /// (the embeddings, or what `runLayers` returned for the layers below). `cache` holds the keys/values of
    /// exactly these layers (a cache of the top layers when the trunk below is run apart).
    public func forward(embedded x: Tensor, fromLayer: Int, cache: KVCache? = nil, leftPadding: [Int]? = nil,
                        keepCache: Bool = false) -> Output {
        let (h, newCache) = runLayers(x, fromLayer..<blocks.count, cache: cache, leftPadding: leftPadding, keepCache: keepCache)
        return Output(hidden: finalNorm(h), cache: newCache)
    }

    /// Runs `layers` over `x` [B, T, C] (no final norm): the new tokens take positions P..<P+T after the
    /// P positions in `cache`, whose entries are the keys/values of `layers`, in order. Returns the layers' output
    /// and, with `keepCache`, `cache` extended by this call's keys/values.
    public func runLayers(_ x: Tensor, _ layers: Range<Int>, cache: KVCache? = nil, leftPadding: [Int]? = nil,
                          keepCache: Bool = false) -> (hidden: Tensor, cache: KVCache?) {
        precondition(layers.lowerBound >= 0 && layers.upperBound <= blocks.count, "DecoderLM.runLayers: layers \(layers) of \(blocks.count)")
        precondition(x.rank == 3 && x.shape[2] == config.hiddenSize, "DecoderLM.runLayers: x must be [B, T, \(config.hiddenSize)], got \(x.shape)")
        let b = x.shape[0], t = x.shape[1]
        if let cache {
            precondition(cache.batch == b || cache.batch == 1, "DecoderLM.forward: cache of \(cache.batch) rows for \(b) rows")
            precondition(cache.layers.count == layers.count, "DecoderLM.runLayers: a cache of \(cache.layers.count) layers for layers \(layers)")
        }
        let p = cache?.length ?? 0
        let positions = Array(p..<(p + t))
        var x = x
        var fresh: [LayerKV] = []
        for (k, layer) in layers.enumerated() {
            let kv: LayerKV
            (x, kv) = blocks[layer](x, positions: positions, past: cache?.layers[k], leftPadding: leftPadding)
            if keepCache { fresh.append(kv) }
        }
        guard keepCache else { return (x, nil) }
        return (x, cache.map { $0.appending(fresh) } ?? KVCache(layers: fresh))
    }

    /// Logits [B, N, V] at the given positions of `hidden` [B, T, C] (all T positions when nil).
    public func logits(_ hidden: Tensor, positions: [Int]? = nil) -> Tensor {
        let h = positions.map { hidden.indexSelect(axis: 1, $0) } ?? hidden
        return h.matmul(head, transposeB: true)
    }

    /// Logits [B, R] of only the vocabulary rows `vocabularyRows` at one position: h·Eᵣᵀ without the other
    /// V − R rows (the reranker needs two).
    public func logits(_ hidden: Tensor, position: Int, vocabularyRows: [Int]) -> Tensor {
        let b = hidden.shape[0], c = hidden.shape[2]
        let h = hidden.indexSelect(axis: 1, [position]).reshaped([b, c])
        return h.matmul(head.gatherRows(vocabularyRows), transposeB: true)
    }

    /// Mean next-token cross-entropy over B rows of T tokens: −(1/(B(T−1))) Σ log p(idsₜ₊₁ | ids≤ₜ), as
    /// transformers' `model(ids, labels=ids).loss`. Needs T ≥ 2.
    public func loss(_ batch: [[Int]]) -> Tensor {
        let t = batch.first?.count ?? 0
        precondition(t >= 2, "DecoderLM.loss: needs at least 2 tokens per row, got \(t)")
        return loss(hidden: forward(batch).hidden, batch: batch)
    }

    /// The same loss from the hidden states `forward(batch)` returned (when the caller also needs them).
    public func loss(hidden: Tensor, batch: [[Int]]) -> Tensor {
        let t = batch.first?.count ?? 0
        precondition(t >= 2 && hidden.shape.count == 3 && hidden.shape[0] == batch.count && hidden.shape[1] == t,
                     "DecoderLM.loss(hidden:batch:): hidden \(hidden.shape) does not match \(batch.count) rows of \(t) ≥ 2 tokens")
        let logits = hidden.sliced(axis: 1, 0..<(t - 1)).matmul(head, transposeB: true).reshaped([batch.count * (t - 1), config.vocabularySize])
        return logits.crossEntropy(targets: batch.flatMap { $0.dropFirst() })
    }

    /// `loss` of one sequence.
    public func loss(_ ids: [Int]) -> Tensor { loss([ids]) }
}
