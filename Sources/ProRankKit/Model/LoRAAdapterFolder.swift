// LoRA adapters on disk in PEFT's layout (`save_pretrained` of a `PeftModel`): adapter_config.json and
// adapter_model.safetensors, so an adapter trained here loads with `PeftModel.from_pretrained` and back.

import Foundation

/// The part of PEFT's `adapter_config.json` this library writes and understands (a LoRA `LoraConfig`).
///
/// Written: `peft_type` "LORA", `task_type` "CAUSAL_LM", `r`, `lora_alpha`, `lora_dropout`, `target_modules`,
/// `layers_to_transform` (null = every layer), `bias` "none", `base_model_name_or_path`, and PEFT's defaults
/// for the options this implementation does not have (`use_rslora`, `use_dora`, `fan_in_fan_out` false, empty
/// `rank_pattern` / `alpha_pattern`, no `modules_to_save`). Read: the same keys; a file that asks for one of
/// those options (or a regex `target_modules`) is rejected with a message naming the key.
struct PEFTLoRAConfig: Encodable, Equatable {
    var configuration: LoRAConfiguration
    /// nil: every layer.
    var layers: [Int]?
    var baseModel: String

    private enum Key: String, CodingKey {
        case alphaPattern = "alpha_pattern", baseModel = "base_model_name_or_path", bias, fanInFanOut = "fan_in_fan_out"
        case inferenceMode = "inference_mode", initLoraWeights = "init_lora_weights", layersPattern = "layers_pattern"
        case layersToTransform = "layers_to_transform", loraAlpha = "lora_alpha", loraDropout = "lora_dropout"
        case modulesToSave = "modules_to_save", peftType = "peft_type", r, rankPattern = "rank_pattern", revision
        case targetModules = "target_modules", taskType = "task_type", useDora = "use_dora", useRslora = "use_rslora"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode([String: Int](), forKey: .alphaPattern)
        try c.encode(baseModel, forKey: .baseModel)
        try c.encode("none", forKey: .bias)
        try c.encode(false, forKey: .fanInFanOut)
        try c.encode(true, forKey: .inferenceMode)
        try c.encode(true, forKey: .initLoraWeights)
        if let layers {
            try c.encode(layers, forKey: .layersToTransform)
            try c.encode("layers", forKey: .layersPattern)
        } else {
            try c.encodeNil(forKey: .layersToTransform)
            try c.encodeNil(forKey: .layersPattern)
        }
        try c.encode(configuration.alpha, forKey: .loraAlpha)
        try c.encode(configuration.dropout, forKey: .loraDropout)
        try c.encodeNil(forKey: .modulesToSave)
        try c.encode("LORA", forKey: .peftType)
        try c.encode(configuration.rank, forKey: .r)
        try c.encode([String: Int](), forKey: .rankPattern)
        try c.encodeNil(forKey: .revision)
        try c.encode(configuration.targets.map(\.rawValue), forKey: .targetModules)
        try c.encode("CAUSAL_LM", forKey: .taskType)
        try c.encode(false, forKey: .useDora)
        try c.encode(false, forKey: .useRslora)
    }

    /// Parses an `adapter_config.json`; `path` names the file in errors.
    static func parse(_ data: Data, path: String) throws -> PEFTLoRAConfig {
        func fail(_ problem: String, _ hint: String) -> LoRAError { .adapterFile(path: path, problem: problem, hint: hint) }
        guard let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw fail("not a JSON object", "the file is corrupt; save the adapter again")
        }
        func value(_ key: String) -> Any? { json[key].flatMap { $0 is NSNull ? nil : $0 } }
        func number(_ key: String) -> Double? { (value(key) as? NSNumber)?.doubleValue }
        guard let type = value("peft_type") as? String, type == "LORA" else {
            throw fail("peft_type is \(value("peft_type").map { "\($0)" } ?? "missing"), expected LORA", "only LoRA adapters are supported")
        }
        guard let r = number("r"), r >= 1, r == r.rounded(), r < 1e9 else {
            throw fail("r is \(value("r").map { "\($0)" } ?? "missing"), expected an integer ≥ 1", "check the file was written by PEFT")
        }
        guard let alpha = number("lora_alpha") ?? (value("lora_alpha") == nil ? 8 : nil) else {
            throw fail("lora_alpha is not a number", "check the file was written by PEFT")
        }
        guard let dropout = number("lora_dropout") ?? (value("lora_dropout") == nil ? 0 : nil) else {
            throw fail("lora_dropout is not a number", "check the file was written by PEFT")
        }
        let targets: [LoRATarget]
        if let name = value("target_modules") as? String {
            guard name == "all-linear" else {
                throw fail("target_modules is the pattern \"\(name)\"", "list the modules by name, e.g. [\"q_proj\", \"v_proj\"]")
            }
            targets = LoRATarget.allCases
        } else if let names = value("target_modules") as? [Any] {
            targets = try names.map { name in
                guard let s = name as? String, let t = LoRATarget(rawValue: s) else {
                    throw fail("target_modules names \(name), which this decoder does not have",
                               "supported: \(LoRATarget.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return t
            }
        } else {
            throw fail("target_modules is missing", "check the file was written by PEFT")
        }
        var layers: [Int]?
        if let one = value("layers_to_transform") as? NSNumber {
            layers = [one.intValue]
        } else if let list = value("layers_to_transform") as? [Any] {
            layers = try list.map { element in
                guard let n = element as? NSNumber, n.doubleValue == n.doubleValue.rounded() else {
                    throw fail("layers_to_transform holds \(element), expected layer numbers", "check the file was written by PEFT")
                }
                return n.intValue
            }
        }
        if let pattern = value("layers_pattern") {
            let names = (pattern as? [Any])?.compactMap { $0 as? String } ?? [(pattern as? String) ?? "\(pattern)"]
            guard names.contains("layers") else {
                throw fail("layers_pattern is \(pattern)", "a llama/qwen2 decoder's layers are model.layers.N; use \"layers\" or null")
            }
        }
        if let bias = value("bias") as? String, bias != "none" {
            throw fail("bias is \"\(bias)\": the adapter trains biases", "only bias \"none\" is supported")
        }
        for key in ["use_dora", "use_rslora", "fan_in_fan_out"] where (value(key) as? Bool) == true {
            throw fail("\(key) is true", "this implementation has plain LoRA only; train the adapter without \(key)")
        }
        for key in ["rank_pattern", "alpha_pattern"] {
            if let map = value(key) as? [String: Any], !map.isEmpty {
                throw fail("\(key) sets per-module values", "only one rank and one alpha for all modules are supported")
            }
        }
        if let modules = value("modules_to_save") as? [Any], !modules.isEmpty {
            throw fail("modules_to_save lists \(modules)", "adapters that also save full modules are not supported")
        }
        if value("layer_replication") != nil {
            throw fail("layer_replication is set", "adapters that replicate layers are not supported")
        }
        let configuration = LoRAConfiguration(rank: Int(r), alpha: alpha, dropout: dropout, targets: targets)
        do { try configuration.validate() } catch let error as LoRAError {
            throw fail("\(error)", "check the file was written by PEFT")
        }
        return PEFTLoRAConfig(configuration: configuration, layers: layers, baseModel: value("base_model_name_or_path") as? String ?? "")
    }
}

extension DecoderLM {
    /// The names of PEFT's adapter files.
    public static let adapterConfigFile = "adapter_config.json", adapterWeightsFile = "adapter_model.safetensors"

    /// Writes the attached adapters into `folder` as PEFT's `save_pretrained` does: `adapter_config.json` (see
    /// `PEFTLoRAConfig`; `base_model_name_or_path` = `baseModel`; `layers_to_transform` when only some layers carry
    /// adapters) and `adapter_model.safetensors` (float32, names without the adapter name:
    /// `base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight`). Throws when no adapter is attached.
    public func saveAdapters(to folder: URL, baseModel: String = "") throws {
        guard let configuration = loraConfiguration else { throw LoRAError.notAttached(operation: "saveAdapters") }
        let layers = loraLayers
        let file = PEFTLoRAConfig(configuration: configuration, layers: layers == Array(0..<config.layerCount) ? nil : layers, baseModel: baseModel)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(file).write(to: folder.appendingPathComponent(Self.adapterConfigFile), options: .atomic)
        try Safetensors.write(loraNamedTensors, to: folder.appendingPathComponent(Self.adapterWeightsFile), dtype: .f32, metadata: ["format": "pt"])
    }

    /// Attaches adapters as `folder`'s `adapter_config.json` describes and fills them from its
    /// `adapter_model.safetensors` (F32, F16 or BF16), e.g. a folder PEFT's `save_pretrained` wrote. The adapters'
    /// dropout masks come from `seed`. Throws `LoRAError` (naming the file, what is wrong and a hint) when adapters
    /// are already attached, a file is missing, the config asks for something unsupported, or a tensor is missing,
    /// unexpected or of the wrong shape for this model; `FormatError` when the safetensors file is unreadable. On
    /// error the model is left without adapters, as before the call.
    public func loadAdapters(from folder: URL, seed: UInt64 = 0) throws {
        guard loraSites.allSatisfy({ $0.linear.lora.adapter == nil }) else { throw LoRAError.alreadyAttached }
        let configURL = folder.appendingPathComponent(Self.adapterConfigFile), weightsURL = folder.appendingPathComponent(Self.adapterWeightsFile)
        for url in [configURL, weightsURL] where !FileManager.default.fileExists(atPath: url.path) {
            let pickled = FileManager.default.fileExists(atPath: folder.appendingPathComponent("adapter_model.bin").path)
            throw LoRAError.adapterFile(path: url.path, problem: "not found",
                                        hint: pickled && url == weightsURL
                                            ? "the folder has a pickled adapter_model.bin; save it again with safe_serialization=True"
                                            : "a PEFT adapter folder holds \(Self.adapterConfigFile) and \(Self.adapterWeightsFile)")
        }
        let file = try PEFTLoRAConfig.parse(Data(contentsOf: configURL), path: configURL.path)
        let tensors = try Safetensors.read(weightsURL)
        let layers = file.layers ?? Array(0..<config.layerCount)
        if let bad = layers.first(where: { !(0..<config.layerCount).contains($0) }) {
            throw LoRAError.adapterFile(path: configURL.path, problem: "layers_to_transform names layer \(bad), the model has \(config.layerCount)",
                                        hint: "the adapter was trained on another base model")
        }
        _ = try attachLoRA(file.configuration, layerList: layers, seed: seed)
        do {
            let expected = loraNamedTensors
            for (name, tensor) in expected {
                guard let source = tensors[name] ?? tensors[name.replacingOccurrences(of: ".weight", with: ".default.weight")] else {
                    throw LoRAError.adapterFile(path: weightsURL.path, problem: "tensor \(name) is missing",
                                                hint: "adapter_config.json and the weights disagree, or the adapter is for another architecture")
                }
                guard source.shape == tensor.shape else {
                    throw LoRAError.adapterFile(path: weightsURL.path, problem: "tensor \(name) has shape \(source.shape), this model needs \(tensor.shape)",
                                                hint: "the adapter was trained on another base model, or r in adapter_config.json is wrong")
                }
                tensor.storage.base.update(from: source.storage.base, count: tensor.count)
            }
            let known = Set(expected.flatMap { [$0.name, $0.name.replacingOccurrences(of: ".weight", with: ".default.weight")] })
            let extra = tensors.keys.filter { !known.contains($0) }.sorted()
            if !extra.isEmpty {
                throw LoRAError.adapterFile(path: weightsURL.path,
                                            problem: "\(extra.count) tensor(s) that adapter_config.json does not describe, e.g. \(extra.prefix(3).joined(separator: ", "))",
                                            hint: "the adapter targets other modules or layers than its config lists, or is for another architecture")
            }
        } catch {
            detachLoRA()
            throw error
        }
    }
}
