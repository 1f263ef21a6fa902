// GGUF weights under their Hugging Face names: llama.cpp's tensor names mapped back (reference/gguf.md §4),
// and the rows of llama's attn_q / attn_k un-permuted from llama.cpp's interleaved RoPE layout to HF's
// rotate-half layout, so the result equals the model's `model.safetensors`.

extension GGUFFile {
    /// The metadata value `<architecture>.<suffix>`, e.g. `hyperparameter("embedding_length")` reads
    /// `llama.embedding_length` in a llama file.
    public func hyperparameter(_ suffix: String) -> GGUFValue? {
        architecture.flatMap { metadata["\($0).\(suffix)"] }
    }

    /// The Hugging Face name of a llama.cpp tensor name, or nil for names with no HF counterpart
    /// (e.g. `rope_freqs.weight`).
    ///
    /// | GGUF | Hugging Face |
    /// |---|---|
    /// | `token_embd.weight` | `model.embed_tokens.weight` |
    /// | `blk.N.attn_norm.weight` | `model.layers.N.input_layernorm.weight` |
    /// | `blk.N.attn_{q,k,v}.{weight,bias}` | `model.layers.N.self_attn.{q,k,v}_proj.{weight,bias}` |
    /// | `blk.N.attn_output.weight` | `model.layers.N.self_attn.o_proj.weight` |
    /// | `blk.N.ffn_norm.weight` | `model.layers.N.post_attention_layernorm.weight` |
    /// | `blk.N.ffn_{gate,up,down}.weight` | `model.layers.N.mlp.{gate,up,down}_proj.weight` |
    /// | `output_norm.weight` | `model.norm.weight` |
    /// | `output.weight` | `lm_head.weight` |
    public static func huggingFaceName(for ggufName: String) -> String? {
        if let global = globalNames[ggufName] { return global }
        let parts = ggufName.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "blk", let layer = Int(parts[1]), layer >= 0, String(layer) == parts[1],
              let hf = layerNames[String(parts[2])] else { return nil }
        return "model.layers.\(layer).\(hf)"
    }

    private static let globalNames = [
        "token_embd.weight": "model.embed_tokens.weight",
        "output_norm.weight": "model.norm.weight",
        "output.weight": "lm_head.weight",
    ]

    private static let layerNames = [
        "attn_norm.weight": "input_layernorm.weight",
        "attn_q.weight": "self_attn.q_proj.weight", "attn_q.bias": "self_attn.q_proj.bias",
        "attn_k.weight": "self_attn.k_proj.weight", "attn_k.bias": "self_attn.k_proj.bias",
        "attn_v.weight": "self_attn.v_proj.weight", "attn_v.bias": "self_attn.v_proj.bias",
        "attn_output.weight": "self_attn.o_proj.weight",
        "ffn_norm.weight": "post_attention_layernorm.weight",
        "ffn_gate.weight": "mlp.gate_proj.weight",
        "ffn_up.weight": "mlp.up_proj.weight",
        "ffn_down.weight": "mlp.down_proj.weight",
    ]

    /// Whether llama.cpp's converter permuted the Q/K rows of this architecture (llama: yes; qwen2: no, it runs
    /// with NEOX rotate-half RoPE). Throws for architectures without a mapping.
    public func qkRowsArePermuted() throws -> Bool {
        switch architecture {
        case "llama"?: return true
        case "qwen2"?: return false
        case let other: throw FormatError.unsupportedArchitecture(file: name, architecture: other ?? "<no general.architecture>")
        }
    }

    /// Every tensor with a Hugging Face name (see `huggingFaceName(for:)`), dequantized to Float32 with the
    /// PyTorch shape; llama's `attn_q`/`attn_k` weights (and biases, if any) un-permuted. `lm_head.weight` is
    /// present only if the file has `output.weight` (otherwise the embeddings are tied). Tensors without an HF
    /// name are left out.
    public func huggingFaceTensors() throws -> [String: Tensor] {
        let permuted = try qkRowsArePermuted()
        var headCount = 0, kvHeadCount = 0
        if permuted {
            guard let heads = hyperparameter("attention.head_count")?.int, heads > 0 else {
                throw FormatError.missingMetadata(file: name, key: "\(architecture!).attention.head_count", neededFor: "un-permuting attn_q/attn_k rows")
            }
            headCount = heads
            kvHeadCount = hyperparameter("attention.head_count_kv")?.int ?? heads
            guard kvHeadCount > 0 else {
                throw FormatError.missingMetadata(file: name, key: "\(architecture!).attention.head_count_kv", neededFor: "un-permuting attn_k rows")
            }
        }
        var out: [String: Tensor] = [:]
        for info in tensorInfos {
            guard let hfName = Self.huggingFaceName(for: info.name) else { continue }
            var t = try tensor(info)
            if permuted, hfName.hasSuffix("self_attn.q_proj.weight") || hfName.hasSuffix("self_attn.q_proj.bias") {
                t = try unpermuteRows(t, heads: headCount, tensor: info.name)
            } else if permuted, hfName.hasSuffix("self_attn.k_proj.weight") || hfName.hasSuffix("self_attn.k_proj.bias") {
                t = try unpermuteRows(t, heads: kvHeadCount, tensor: info.name)
            }
            out[hfName] = t
        }
        return out
    }

    /// Undoes llama.cpp's Q/K row permutation for `heads` heads of `hd = rows / heads` rows each:
    /// ```
    /// W_hf[h·hd + t·hd/2 + j] = W_gguf[h·hd + 2j + t]      (t ∈ {0, 1}, j < hd/2)
    /// ```
    /// i.e. reshape to `(heads, hd/2, 2, in)`, swap axes 1 and 2, reshape back. Rows are the first axis of the
    /// PyTorch shape; a 1-D bias is a column of single-element rows.
    func unpermuteRows(_ t: Tensor, heads: Int, tensor: String) throws -> Tensor {
        let rows = t.shape.first ?? 1
        guard rows % heads == 0, (rows / heads) % 2 == 0 else {
            throw FormatError.invalidTensor(file: name, tensor: tensor, offset: info(named: tensor)?.fileOffset ?? 0,
                                            reason: "\(rows) rows cannot be split into \(heads) heads of an even head dimension")
        }
        let columns = rows == 0 ? 0 : t.count / rows
        let hd = rows / heads, half = hd / 2
        let out = Tensor(shape: t.shape, storage: TensorStorage(uninitializedCount: t.count))
        let src = t.storage.base, dst = out.storage.base
        for h in 0..<heads {
            for j in 0..<half {
                for s in 0..<2 {
                    let from = h * hd + 2 * j + s, to = h * hd + s * half + j
                    (dst + to * columns).update(from: src + from * columns, count: columns)
                }
            }
        }
        return out
    }
}
