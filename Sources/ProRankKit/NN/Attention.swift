// Grouped-query self-attention of the Llama/Qwen2 decoder: projections, RoPE, fused attention, output
// projection. Follows transformers' `LlamaAttention` / `Qwen2Attention`.

/// The keys and values one attention layer has seen, post-RoPE: [B, P, Hkv, D] each.
public struct LayerKV {
    public let keys: Tensor
    public let values: Tensor

    public init(keys: Tensor, values: Tensor) {
        precondition(keys.shape == values.shape && keys.rank == 4, "LayerKV: keys \(keys.shape) and values \(values.shape) must be equal [B, P, H, D]")
        self.keys = keys
        self.values = values
    }

    public var batch: Int { keys.shape[0] }
    public var length: Int { keys.shape[1] }
}

/// Multi-head attention with `headCount` query heads sharing `kvHeadCount` key/value heads.
public struct SelfAttention {
    public let query: Linear, key: Linear, value: Linear, output: Linear
    public let headCount: Int, kvHeadCount: Int, headDim: Int
    public let ropeTheta: Float

    public init(query: Linear, key: Linear, value: Linear, output: Linear, headCount: Int, kvHeadCount: Int, headDim: Int, ropeTheta: Float) {
        (self.query, self.key, self.value, self.output) = (query, key, value, output)
        (self.headCount, self.kvHeadCount, self.headDim, self.ropeTheta) = (headCount, kvHeadCount, headDim, ropeTheta)
    }

    /// x: [B, T, C] at absolute `positions` (T entries) → ([B, T, C], this call's keys/values [B, T, Hkv, D]).
    /// `past` holds earlier positions (batch B, or 1 when shared by all rows); `leftPadding` masks padded keys.
    public func callAsFunction(_ x: Tensor, positions: [Int], past: LayerKV?, leftPadding: [Int]?) -> (Tensor, LayerKV) {
        let (b, t) = (x.shape[0], x.shape[1])
        let q = query(x).reshaped([b, t, headCount, headDim]).rope(positions: positions, theta: ropeTheta)
        let k = key(x).reshaped([b, t, kvHeadCount, headDim]).rope(positions: positions, theta: ropeTheta)
        let v = value(x).reshaped([b, t, kvHeadCount, headDim])
        let attended = Tensor.attention(q: q, k: k, v: v, prefixK: past?.keys, prefixV: past?.values, leftPadding: leftPadding)
        return (output(attended.reshaped([b, t, headCount * headDim])), LayerKV(keys: k, values: v))
    }

    public func parameters() -> Parameters {
        var p = Parameters()
        p.add(prefix: "", query.parameters(prefix: "q_proj"))
        p.add(prefix: "", key.parameters(prefix: "k_proj"))
        p.add(prefix: "", value.parameters(prefix: "v_proj"))
        p.add(prefix: "", output.parameters(prefix: "o_proj"))
        return p
    }
}

/// The SwiGLU feed-forward block: down(silu(gate(x)) ⊙ up(x)).
///
/// ### References
/// N. Shazeer, "GLU Variants Improve Transformer", arXiv 2002.05202.
public struct GatedMLP {
    public let gate: Linear, up: Linear, down: Linear

    public init(gate: Linear, up: Linear, down: Linear) {
        (self.gate, self.up, self.down) = (gate, up, down)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { down(gate(x).silu() * up(x)) }

    public func parameters() -> Parameters {
        var p = Parameters()
        p.add(prefix: "", gate.parameters(prefix: "gate_proj"))
        p.add(prefix: "", up.parameters(prefix: "up_proj"))
        p.add(prefix: "", down.parameters(prefix: "down_proj"))
        return p
    }
}

/// One pre-norm decoder layer: x + attn(norm(x)), then h + mlp(norm(h)).
public struct DecoderBlock {
    public let inputNorm: RMSNorm, attention: SelfAttention, postAttentionNorm: RMSNorm, mlp: GatedMLP

    public init(inputNorm: RMSNorm, attention: SelfAttention, postAttentionNorm: RMSNorm, mlp: GatedMLP) {
        (self.inputNorm, self.attention, self.postAttentionNorm, self.mlp) = (inputNorm, attention, postAttentionNorm, mlp)
    }

    public func callAsFunction(_ x: Tensor, positions: [Int], past: LayerKV?, leftPadding: [Int]?) -> (Tensor, LayerKV) {
        let (attended, kv) = attention(inputNorm(x), positions: positions, past: past, leftPadding: leftPadding)
        let h = x + attended
        return (h + mlp(postAttentionNorm(h)), kv)
    }

    /// Parameters under Hugging Face names relative to `model.layers.N`.
    public func parameters() -> Parameters {
        // transformers' registration order (named_parameters()): self_attn, mlp, then the two norms.
        var p = Parameters()
        p.add(prefix: "self_attn", attention.parameters())
        p.add(prefix: "mlp", mlp.parameters())
        p.add("input_layernorm.weight", inputNorm.weight)
        p.add("post_attention_layernorm.weight", postAttentionNorm.weight)
        return p
    }
}
