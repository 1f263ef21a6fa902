// LoRA on the decoder: attaching adapters to the targeted projections of the layers, switching them off (the
// frozen reference of GRPO's KL term), merging them into the weights. Saving and loading in PEFT's folder layout
// is in LoRAAdapterFolder.swift.

/// LoRA fine-tuning of a decoder, as PEFT's `get_peft_model(model, LoraConfig(...))` does it:
///
/// ```swift
/// let model = try Checkpoint.loadHuggingFace(folder)
/// for p in model.parameters.tensors { p.requiresGrad = false }          // the caller decides what trains
/// let trainable = try model.attachLoRA(LoRAConfiguration(rank: 8, alpha: 16), seed: 42)
/// let optimizer = AdamW(trainable.tensors, config: .init(learningRate: 1e-4))
/// let reference = model.withAdaptersDisabled { withoutGrad { model.loss(ids) } }   // base model
/// try model.saveAdapters(to: out)                 // adapter_config.json + adapter_model.safetensors (PEFT)
/// model.mergeLoRA(); try model.save(to: merged)   // a plain checkpoint with W + (α/r)·B·A
/// ```
/// Every targeted projection computes `x·Wᵀ + b + (α/r)·dropout(x)·Aᵀ·Bᵀ` (see `LoRAAdapter`). The adapters live
/// in the layers' `LoRASlot`s, so attaching rebuilds nothing; `parameters` keeps listing only the base weights.
///
/// ### References
/// E. J. Hu et al., "LoRA: Low-Rank Adaptation of Large Language Models", arXiv 2106.09685; Hugging Face PEFT.
extension DecoderLM {
    /// One projection that can carry an adapter.
    struct LoRASite {
        let layer: Int
        let target: LoRATarget
        let linear: Linear

        /// PEFT's name of the factor (`lora_A` or `lora_B`) without the adapter name, as in adapter files.
        func name(_ factor: String) -> String {
            "base_model.model.model.layers.\(layer).\(target.modulePath).\(factor).weight"
        }
    }

    /// Every projection of every layer, layer by layer, in `LoRATarget.allCases` (PEFT's module) order.
    var loraSites: [LoRASite] {
        blocks.enumerated().flatMap { layer, block in
            LoRATarget.allCases.map { target in
                let linear: Linear
                switch target {
                case .query: linear = block.attention.query
                case .key: linear = block.attention.key
                case .value: linear = block.attention.value
                case .output: linear = block.attention.output
                case .gate: linear = block.mlp.gate
                case .up: linear = block.mlp.up
                case .down: linear = block.mlp.down
                }
                return LoRASite(layer: layer, target: target, linear: linear)
            }
        }
    }

    /// Attaches fresh adapters (A ~ U(−1/√in, 1/√in), B = 0, drawn from `SeededRNG(seed:)` layer by layer in module
    /// order) to the targeted projections of every layer, or of `layers` only, and returns their parameters under
    /// PEFT's names (`base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight`, A before B), marked
    /// trainable. The base weights' `requiresGrad` is left as it is. Adapters start enabled; with B = 0 the model
    /// computes exactly what it computed before.
    ///
    /// Throws `LoRAError` when adapters are already attached, the configuration is invalid, or `layers` is empty
    /// or outside the model.
    @discardableResult
    public func attachLoRA(_ configuration: LoRAConfiguration, layers: Range<Int>? = nil, seed: UInt64) throws -> Parameters {
        let chosen = layers ?? 0..<config.layerCount
        guard !chosen.isEmpty, chosen.lowerBound >= 0, chosen.upperBound <= config.layerCount else {
            throw LoRAError.invalidLayers(requested: "\(chosen)", layerCount: config.layerCount)
        }
        return try attachLoRA(configuration, layerList: Array(chosen), seed: seed)
    }

    /// `attachLoRA` on any set of layers (PEFT's `layers_to_transform` need not be a range).
    func attachLoRA(_ configuration: LoRAConfiguration, layerList: [Int], seed: UInt64) throws -> Parameters {
        try configuration.validate()
        guard !layerList.isEmpty, layerList.allSatisfy({ (0..<config.layerCount).contains($0) }) else {
            throw LoRAError.invalidLayers(requested: "\(layerList)", layerCount: config.layerCount)
        }
        let sites = loraSites
        guard sites.allSatisfy({ $0.linear.lora.adapter == nil }) else { throw LoRAError.alreadyAttached }
        let layers = Set(layerList), targets = Set(configuration.targets)
        var rng = SeededRNG(seed: seed)
        var attached: [Linear] = []
        do {
            for site in sites where layers.contains(site.layer) && targets.contains(site.target) {
                let adapter = try LoRAAdapter(inputs: site.linear.inputCount, outputs: site.linear.outputCount, rank: configuration.rank,
                                              alpha: configuration.alpha, dropout: configuration.dropout, rng: &rng)
                try site.linear.attachLoRA(adapter)
                attached.append(site.linear)
            }
        } catch {
            for linear in attached { linear.detachLoRA() }
            throw error
        }
        adaptersEnabled = true
        var params = Parameters()
        for (name, tensor) in loraNamedTensors { params.add(name, tensor) }
        return params
    }

    /// The attached adapters' A and B under PEFT's names, A before B, layer by layer in module order (empty when
    /// none is attached). Reading it does not change any tensor's `requiresGrad`.
    public var loraParameters: Parameters {
        let named = loraNamedTensors
        let flags = named.map(\.tensor.requiresGrad)
        var params = Parameters()
        for (name, tensor) in named { params.add(name, tensor) }
        for ((_, tensor), flag) in zip(named, flags) { tensor.requiresGrad = flag }
        return params
    }

    /// (PEFT name, tensor) of every attached factor.
    var loraNamedTensors: [(name: String, tensor: Tensor)] {
        loraSites.flatMap { site -> [(name: String, tensor: Tensor)] in
            guard let adapter = site.linear.lora.adapter else { return [] }
            return [(site.name("lora_A"), adapter.a), (site.name("lora_B"), adapter.b)]
        }
    }

    /// The configuration of the attached adapters (rank, α and dropout of the first one; the targets that carry
    /// one), nil when none is attached.
    public var loraConfiguration: LoRAConfiguration? {
        let sites = loraSites.filter { $0.linear.lora.adapter != nil }
        guard let first = sites.first?.linear.lora.adapter else { return nil }
        return LoRAConfiguration(rank: first.rank, alpha: first.alpha, dropout: first.dropout, targets: sites.map(\.target))
    }

    /// The layers that carry at least one adapter, ascending (empty when none is attached).
    public var loraLayers: [Int] {
        Array(Set(loraSites.filter { $0.linear.lora.adapter != nil }.map(\.layer))).sorted()
    }

    /// Whether the attached adapters take part in the forward pass. `false` runs the base model (e.g. the frozen
    /// KL reference of GRPO); attaching sets it to `true`. Stored in every layer's `LoRASlot`, so it applies to
    /// every call until changed: not meant to differ between threads sharing the model.
    public var adaptersEnabled: Bool {
        get { loraSites.allSatisfy { $0.linear.lora.enabled } }
        set { for site in loraSites { site.linear.lora.enabled = newValue } }
    }

    /// Runs `body` with the adapters switched off (the base model) and restores the previous state afterwards,
    /// also when `body` throws.
    public func withAdaptersDisabled<T>(_ body: () throws -> T) rethrows -> T {
        let previous = adaptersEnabled
        adaptersEnabled = false
        defer { adaptersEnabled = previous }
        return try body()
    }

    /// Folds every adapter into its base weight, W ← W + (α/r)·B·A, and removes the adapters (PEFT's
    /// `merge_and_unload`); adapters switched off are merged too. The weight tensors change in place (so
    /// `parameters` now hold the merged model, and so does any other model sharing those tensor objects, e.g.
    /// the frozen reference of a trainer: merge a copy when the base must survive): call `save(to:)` afterwards
    /// to write a plain checkpoint that opens in transformers without PEFT. Nothing happens without adapters.
    public func mergeLoRA() {
        for site in loraSites { site.linear.mergeLoRA() }
        adaptersEnabled = true
    }

    /// Removes every adapter without changing the base weights (PEFT's `unload`).
    public func detachLoRA() {
        for site in loraSites { site.linear.detachLoRA() }
        adaptersEnabled = true
    }
}
