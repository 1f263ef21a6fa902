// The hyperparameters of a Llama/Qwen2 decoder, decoded from a Hugging Face `config.json` (Swift names in the
// API, HF names in `CodingKeys`) and encodable back into one that transformers loads.

import Foundation

/// Architecture of a decoder-only language model of the Llama family.
///
/// Both families are: token embedding → N × (RMSNorm → grouped-query attention with RoPE → residual → RMSNorm →
/// SwiGLU MLP → residual) → RMSNorm → LM head. Qwen2 adds biases to the q/k/v projections.
public struct DecoderConfig: Codable, Sendable, Equatable {
    public enum Family: String, Codable, Sendable, CaseIterable {
        case llama
        case qwen2

        /// The Hugging Face class name written into `config.json`.
        public var architectureName: String { self == .llama ? "LlamaForCausalLM" : "Qwen2ForCausalLM" }
    }

    public var family: Family
    public var vocabularySize: Int
    public var hiddenSize: Int
    public var intermediateSize: Int
    public var layerCount: Int
    public var headCount: Int
    public var kvHeadCount: Int
    public var headDim: Int
    public var rmsNormEps: Float
    public var ropeTheta: Float
    public var tieWordEmbeddings: Bool
    /// Biases on the q/k/v projections (always for Qwen2; Llama's `attention_bias`).
    public var qkvBias: Bool
    /// Bias on the output projection (Llama's `attention_bias` only).
    public var outputBias: Bool
    public var maxPositionEmbeddings: Int
    public var initializerRange: Float
    public var bosTokenID: Int?
    public var eosTokenIDs: [Int]
    public var padTokenID: Int?

    public init(
        family: Family, vocabularySize: Int, hiddenSize: Int, intermediateSize: Int, layerCount: Int,
        headCount: Int, kvHeadCount: Int, headDim: Int? = nil, rmsNormEps: Float = 1e-6, ropeTheta: Float = 10_000,
        tieWordEmbeddings: Bool = true, maxPositionEmbeddings: Int = 2048, initializerRange: Float = 0.02,
        bosTokenID: Int? = nil, eosTokenIDs: [Int] = [], padTokenID: Int? = nil
    ) {
        self.family = family
        self.vocabularySize = vocabularySize
        self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize
        self.layerCount = layerCount
        self.headCount = headCount
        self.kvHeadCount = kvHeadCount
        self.headDim = headDim ?? hiddenSize / headCount
        self.rmsNormEps = rmsNormEps
        self.ropeTheta = ropeTheta
        self.tieWordEmbeddings = tieWordEmbeddings
        self.qkvBias = family == .qwen2
        self.outputBias = false
        self.maxPositionEmbeddings = maxPositionEmbeddings
        self.initializerRange = initializerRange
        self.bosTokenID = bosTokenID
        self.eosTokenIDs = eosTokenIDs
        self.padTokenID = padTokenID
    }

    /// Checks the sizes fit together; throws a message naming the offending field.
    public func validate() throws {
        func fail(_ message: String) -> ModelError { .invalidConfig(message) }
        for (name, value) in [("vocab_size", vocabularySize), ("hidden_size", hiddenSize), ("intermediate_size", intermediateSize),
                              ("num_hidden_layers", layerCount), ("num_attention_heads", headCount),
                              ("num_key_value_heads", kvHeadCount), ("head_dim", headDim)] where value <= 0 {
            throw fail("\(name) must be positive, got \(value)")
        }
        guard headCount % kvHeadCount == 0 else {
            throw fail("num_attention_heads (\(headCount)) must be a multiple of num_key_value_heads (\(kvHeadCount))")
        }
        guard headDim % 2 == 0 else { throw fail("head_dim (\(headDim)) must be even for rotary embeddings") }
    }

    // MARK: Hugging Face config.json

    enum CodingKeys: String, CodingKey {
        case modelType = "model_type", architectures
        case vocabularySize = "vocab_size", hiddenSize = "hidden_size", intermediateSize = "intermediate_size"
        case layerCount = "num_hidden_layers", headCount = "num_attention_heads", kvHeadCount = "num_key_value_heads"
        case headDim = "head_dim", rmsNormEps = "rms_norm_eps", ropeTheta = "rope_theta", ropeParameters = "rope_parameters"
        case tieWordEmbeddings = "tie_word_embeddings", attentionBias = "attention_bias", mlpBias = "mlp_bias"
        case maxPositionEmbeddings = "max_position_embeddings", initializerRange = "initializer_range"
        case bosTokenID = "bos_token_id", eosTokenID = "eos_token_id", padTokenID = "pad_token_id"
        case hiddenAct = "hidden_act", torchDtype = "torch_dtype", dtype
    }

    enum RopeKeys: String, CodingKey { case ropeTheta = "rope_theta", ropeType = "rope_type" }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .modelType)
        guard let family = Family(rawValue: type) else {
            throw ModelError.invalidConfig("model_type \"\(type)\" is not supported (supported: llama, qwen2)")
        }
        self.family = family
        vocabularySize = try c.decode(Int.self, forKey: .vocabularySize)
        hiddenSize = try c.decode(Int.self, forKey: .hiddenSize)
        intermediateSize = try c.decode(Int.self, forKey: .intermediateSize)
        layerCount = try c.decode(Int.self, forKey: .layerCount)
        headCount = try c.decode(Int.self, forKey: .headCount)
        kvHeadCount = try c.decodeIfPresent(Int.self, forKey: .kvHeadCount) ?? headCount
        headDim = try c.decodeIfPresent(Int.self, forKey: .headDim) ?? hiddenSize / max(headCount, 1)
        rmsNormEps = try c.decodeIfPresent(Float.self, forKey: .rmsNormEps) ?? 1e-6
        // transformers 5 nests θ in rope_parameters; older files have a top-level rope_theta.
        if c.contains(.ropeParameters) {
            let rope = try c.nestedContainer(keyedBy: RopeKeys.self, forKey: .ropeParameters)
            if let kind = try rope.decodeIfPresent(String.self, forKey: .ropeType), kind != "default" {
                throw ModelError.invalidConfig("rope_type \"\(kind)\" is not supported (only default RoPE)")
            }
            ropeTheta = try rope.decodeIfPresent(Float.self, forKey: .ropeTheta) ?? 10_000
        } else {
            ropeTheta = try c.decodeIfPresent(Float.self, forKey: .ropeTheta) ?? 10_000
        }
        tieWordEmbeddings = try c.decodeIfPresent(Bool.self, forKey: .tieWordEmbeddings) ?? true
        let attentionBias = try c.decodeIfPresent(Bool.self, forKey: .attentionBias) ?? false
        qkvBias = family == .qwen2 || attentionBias
        outputBias = family == .llama && attentionBias
        if try c.decodeIfPresent(Bool.self, forKey: .mlpBias) == true {
            throw ModelError.invalidConfig("mlp_bias = true is not supported")
        }
        if let act = try c.decodeIfPresent(String.self, forKey: .hiddenAct), act != "silu" {
            throw ModelError.invalidConfig("hidden_act \"\(act)\" is not supported (only silu)")
        }
        maxPositionEmbeddings = try c.decodeIfPresent(Int.self, forKey: .maxPositionEmbeddings) ?? 2048
        initializerRange = try c.decodeIfPresent(Float.self, forKey: .initializerRange) ?? 0.02
        bosTokenID = try c.decodeIfPresent(Int.self, forKey: .bosTokenID)
        if let one = try? c.decodeIfPresent(Int.self, forKey: .eosTokenID) {
            eosTokenIDs = [one]
        } else {
            eosTokenIDs = try c.decodeIfPresent([Int].self, forKey: .eosTokenID) ?? []
        }
        padTokenID = try c.decodeIfPresent(Int.self, forKey: .padTokenID)
        try validate()
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode([family.architectureName], forKey: .architectures)
        try c.encode(family.rawValue, forKey: .modelType)
        try c.encode(vocabularySize, forKey: .vocabularySize)
        try c.encode(hiddenSize, forKey: .hiddenSize)
        try c.encode(intermediateSize, forKey: .intermediateSize)
        try c.encode(layerCount, forKey: .layerCount)
        try c.encode(headCount, forKey: .headCount)
        try c.encode(kvHeadCount, forKey: .kvHeadCount)
        try c.encode(headDim, forKey: .headDim)
        try c.encode(rmsNormEps, forKey: .rmsNormEps)
        try c.encode(ropeTheta, forKey: .ropeTheta)
        try c.encode(tieWordEmbeddings, forKey: .tieWordEmbeddings)
        if family == .llama { try c.encode(qkvBias, forKey: .attentionBias) }
        try c.encode(maxPositionEmbeddings, forKey: .maxPositionEmbeddings)
        try c.encode(initializerRange, forKey: .initializerRange)
        try c.encode("silu", forKey: .hiddenAct)
        try c.encode("float32", forKey: .torchDtype)
        try c.encodeIfPresent(bosTokenID, forKey: .bosTokenID)
        if eosTokenIDs.count == 1 { try c.encode(eosTokenIDs[0], forKey: .eosTokenID) } else if !eosTokenIDs.isEmpty { try c.encode(eosTokenIDs, forKey: .eosTokenID) }
        try c.encodeIfPresent(padTokenID, forKey: .padTokenID)
    }

    /// Reads `config.json`, naming the file in any error.
    public static func load(from url: URL) throws -> DecoderConfig {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ModelError.fileNotFound(url.path, hint: "a Hugging Face model folder has a config.json")
        }
        do { return try JSONDecoder().decode(DecoderConfig.self, from: data) } catch let error as ModelError {
            throw ModelError.invalidConfig("\(url.path): \(error.description)")
        } catch {
            throw ModelError.invalidConfig("\(url.path): \(error)")
        }
    }

    /// Number of scalar parameters of a model with this configuration.
    public var parameterCount: Int {
        let attention = hiddenSize * headDim * (headCount * 2 + kvHeadCount * 2)
            + (qkvBias ? headDim * (headCount + 2 * kvHeadCount) : 0) + (outputBias ? hiddenSize : 0)
        let block = attention + 3 * hiddenSize * intermediateSize + 2 * hiddenSize
        return vocabularySize * hiddenSize * (tieWordEmbeddings ? 1 : 2) + layerCount * block + hiddenSize
    }
}
