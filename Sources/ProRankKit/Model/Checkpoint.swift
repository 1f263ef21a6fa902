// Loading a decoder from the formats people have (a Hugging Face folder, a GGUF file, a cached model name)
// and saving it back as a Hugging Face folder that transformers opens.

import Foundation

/// Model loading and saving.
///
/// ```swift
/// let model = try Checkpoint.load("smollm2-135m-instruct")     // name in the model store, folder or .gguf
/// try model.save(to: URL(fileURLWithPath: "out/my-model"))     // config.json + model.safetensors
/// ```
public enum Checkpoint {
    /// Loads the model a command-line or notebook argument names (see `ModelStore.resolve`).
    public static func load(_ argument: String, store: ModelStore = ModelStore()) throws -> DecoderLM {
        try load(store.resolve(argument))
    }

    public static func load(_ location: ModelStore.Location) throws -> DecoderLM {
        switch location {
        case .huggingFaceFolder(let folder): return try loadHuggingFace(folder)
        case .gguf(let file): return try loadGGUF(file)
        }
    }

    /// `config.json` + `model.safetensors` (float32, float16 or bfloat16 weights; Hugging Face names).
    public static func loadHuggingFace(_ folder: URL) throws -> DecoderLM {
        let config = try DecoderConfig.load(from: folder.appendingPathComponent("config.json"))
        let weightsURL = folder.appendingPathComponent("model.safetensors")
        guard FileManager.default.fileExists(atPath: weightsURL.path) else {
            throw ModelError.fileNotFound(weightsURL.path, hint: "sharded checkpoints (model-0000N-of-…) are not supported; save as one file")
        }
        return try DecoderLM(config: config, weights: Safetensors.read(weightsURL), source: weightsURL.path)
    }

    /// A llama/qwen2 GGUF file: weights dequantized to Float32 (llama Q/K rows un-permuted), config from metadata.
    public static func loadGGUF(_ url: URL) throws -> DecoderLM {
        let file = try GGUFFile(url: url)
        let config = try config(of: file)
        var weights = try file.huggingFaceTensors()
        if config.tieWordEmbeddings { weights["lm_head.weight"] = nil }
        return try DecoderLM(config: config, weights: weights, source: url.path)
    }

    /// The decoder configuration a GGUF file's metadata describes (reference/gguf.md §4).
    public static func config(of file: GGUFFile) throws -> DecoderConfig {
        guard let arch = file.architecture, let family = DecoderConfig.Family(rawValue: arch) else {
            throw ModelError.unsupported("\(file.name): architecture \(file.architecture ?? "<missing>") is not supported (llama, qwen2)")
        }
        func required(_ key: String) throws -> Int {
            guard let v = file.hyperparameter(key)?.int else {
                throw ModelError.invalidConfig("\(file.name): metadata \(arch).\(key) is missing")
            }
            return v
        }
        let hidden = try required("embedding_length"), heads = try required("attention.head_count")
        guard let embedding = file.info(named: "token_embd.weight"), embedding.shape.count == 2 else {
            throw ModelError.missingWeight(name: "token_embd.weight", source: file.name)
        }
        var config = DecoderConfig(
            family: family,
            vocabularySize: embedding.shape[0],
            hiddenSize: hidden,
            intermediateSize: try required("feed_forward_length"),
            layerCount: try required("block_count"),
            headCount: heads,
            kvHeadCount: file.hyperparameter("attention.head_count_kv")?.int ?? heads,
            headDim: file.hyperparameter("attention.key_length")?.int ?? hidden / max(heads, 1),
            rmsNormEps: Float(file.hyperparameter("attention.layer_norm_rms_epsilon")?.float ?? 1e-6),
            ropeTheta: Float(file.hyperparameter("rope.freq_base")?.float ?? 10_000),
            tieWordEmbeddings: file.info(named: "output.weight") == nil,
            maxPositionEmbeddings: file.hyperparameter("context_length")?.int ?? 2048,
            bosTokenID: file.metadata["tokenizer.ggml.bos_token_id"]?.int,
            eosTokenIDs: file.metadata["tokenizer.ggml.eos_token_id"]?.int.map { [$0] } ?? [],
            padTokenID: file.metadata["tokenizer.ggml.padding_token_id"]?.int)
        config.qkvBias = file.info(named: "blk.0.attn_q.bias") != nil
        try config.validate()
        return config
    }
}

extension DecoderLM {
    /// Writes `config.json` and `model.safetensors` (Hugging Face names and layout, as `save_pretrained`; a tied
    /// head is not stored) into `folder`, so the model reloads here and in transformers.
    public func save(to folder: URL, dtype: Safetensors.OutputDType = .f32) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(config).write(to: folder.appendingPathComponent("config.json"), options: .atomic)
        try Safetensors.write(parameters.named.map { ($0.name, $0.tensor) }, to: folder.appendingPathComponent("model.safetensors"),
                              dtype: dtype, metadata: ["format": "pt"])
    }
}
