// What a trainer changes of a model, and the policy it trains: a new DecoderLM that shares every frozen tensor
// with the starting model and owns copies of the trained ones, so the starting model is never modified (a
// notebook can train two variants from one model) and serves, unchanged, as the frozen reference of GRPO's KL.

import Foundation

/// Which parameters train.
public enum Trainable: Sendable, Equatable {
    /// Every parameter (the starting model stays as the reference: a full copy is made).
    case all
    /// The last `n` decoder layers and the final norm. The frozen trunk below runs without the tape and its
    /// output for a prompt never changes (cacheable); backward stops at the first trained layer.
    case lastLayers(Int)
    /// Low-rank adapters on the targeted projections; the base weights stay frozen and shared (the reference is
    /// the base, i.e. the adapters switched off).
    case lora(LoRAConfiguration)

    /// A short description for logs and run parameters.
    public var summary: String {
        switch self {
        case .all: return "all"
        case .lastLayers(let n): return "lastLayers(\(n))"
        case .lora(let c): return "lora(rank: \(c.rank), alpha: \(c.alpha), dropout: \(c.dropout), targets: \(c.targets.map(\.rawValue).joined(separator: ",")))"
        }
    }

    /// How many bottom layers of `model` stay frozen and shared (nil unless `.lastLayers`).
    public func frozenLayers(of model: DecoderLM) -> Int? {
        if case .lastLayers(let n) = self, n < model.config.layerCount { return model.config.layerCount - n }
        return nil
    }

    /// Checks the choice against a model before any work.
    public func validate(for model: DecoderLM) throws {
        if case .lastLayers(let n) = self, n < 1 || n > model.config.layerCount {
            throw TrainingError.invalidParameter("trainable: lastLayers(\(n)) needs 1…\(model.config.layerCount) (the model has \(model.config.layerCount) layers)")
        }
    }
}

/// The model a trainer updates, with what is needed to run it in two parts (frozen trunk, trained top).
public final class TrainingPolicy {
    /// The trained model (shares the frozen tensors of `reference`).
    public let model: DecoderLM
    /// The starting model, never modified: GRPO's KL reference (for LoRA the base without adapters).
    public let reference: DecoderLM
    /// Layers below this index are frozen and run without the tape (0 unless `.lastLayers`).
    public let trunkLayers: Int
    /// The tensors the optimiser updates.
    public let parameters: Parameters
    public let trainable: Trainable

    /// Builds the policy for `trainable` from `start` (which stays unchanged).
    public init(_ start: DecoderLM, trainable: Trainable, seed: UInt64) throws {
        try trainable.validate(for: start)
        self.trainable = trainable
        reference = start
        let layers = start.config.layerCount
        switch trainable {
        case .all:
            trunkLayers = 0
            model = try start.sharingWeights(copying: { _ in true })
            parameters = model.parameters
        case .lastLayers(let n):
            trunkLayers = layers - n
            let trained = { (name: String) -> Bool in
                name == "model.norm.weight" || (DecoderLM.layerIndex(ofParameter: name).map { $0 >= layers - n } ?? false)
            }
            model = try start.sharingWeights(copying: trained)
            var p = Parameters()
            for (name, tensor) in model.parameters.named where trained(name) { p.add(name, tensor) }
            parameters = p
        case .lora(let configuration):
            trunkLayers = 0
            model = try start.sharingWeights(copying: { _ in false })
            parameters = try model.attachLoRA(configuration, seed: seed)
        }
        // Only the trained tensors record gradients; the shared frozen ones never do.
        for tensor in model.parameters.tensors { tensor.requiresGrad = false }
        for tensor in parameters.tensors { tensor.requiresGrad = true }
    }

    /// A standalone model with the training folded in: for LoRA a copy of the base with every adapter merged
    /// (W + (α/r)·B·A; the policy, its adapters and the starting model stay as they are), otherwise the policy's
    /// model itself. This is the model to save, evaluate or train further.
    public func mergedModel() throws -> DecoderLM {
        guard case .lora = trainable else { return model }
        let sites = model.loraSites
        let adapted = Set(sites.filter { $0.linear.lora.adapter != nil }.map { "model.layers.\($0.layer).\($0.target.modulePath).weight" })
        let copy = try model.sharingWeights(copying: adapted.contains)
        for (site, copied) in zip(sites, copy.loraSites) {
            if let adapter = site.linear.lora.adapter { try copied.linear.attachLoRA(adapter) }
        }
        copy.mergeLoRA()
        return copy
    }

    /// The frozen trunk's output for `ids` ([B, T, C], the input of layer `trunkLayers`) and, with `keepCache`,
    /// its keys/values; `cache` holds the trunk's keys/values of earlier positions. Runs without the tape.
    public func trunk(_ ids: [[Int]], cache: KVCache? = nil, leftPadding: [Int]? = nil, keepCache: Bool = false) -> (hidden: Tensor, cache: KVCache?) {
        withoutGrad {
            let x = model.embed(ids)
            guard trunkLayers > 0 else { return (x, nil) }
            return model.runLayers(x, 0..<trunkLayers, cache: cache, leftPadding: leftPadding, keepCache: keepCache)
        }
    }

    /// The trained top (layers `trunkLayers…` and the final norm) of `model` — or of the reference — over a trunk
    /// output. Records on the tape when grad mode is on and the model is the policy.
    public func top(_ x: Tensor, cache: KVCache? = nil, leftPadding: [Int]? = nil, keepCache: Bool = false,
                    useReference: Bool = false) -> DecoderLM.Output {
        (useReference ? reference : model).forward(embedded: x, fromLayer: trunkLayers, cache: cache, leftPadding: leftPadding, keepCache: keepCache)
    }
}

extension DecoderLM {
    /// A model with the same configuration whose parameters are the same tensor objects as this model's, except
    /// those `copying` selects, which are fresh copies. Trained copies never change this model.
    public func sharingWeights(copying: (String) -> Bool) throws -> DecoderLM {
        var weights: [String: Tensor] = [:]
        for (name, tensor) in parameters.named { weights[name] = copying(name) ? tensor.copy() : tensor }
        if config.tieWordEmbeddings { weights["lm_head.weight"] = nil }
        let flags = parameters.tensors.map(\.requiresGrad)
        let copy = try DecoderLM(config: config, weights: weights, source: "a copy of the model")
        for (tensor, flag) in zip(parameters.tensors, flags) { tensor.requiresGrad = flag }   // init marks shared tensors
        return copy
    }

    /// N in `model.layers.N.…`, nil for parameters outside the layers.
    static func layerIndex(ofParameter name: String) -> Int? {
        let parts = name.split(separator: ".")
        guard parts.count > 2, parts[0] == "model", parts[1] == "layers" else { return nil }
        return Int(parts[2])
    }
}

/// Errors of the trainers, raised before any work when parameters are wrong.
public enum TrainingError: Error, CustomStringConvertible, Equatable, Sendable {
    case invalidParameter(String)
    case invalidData(String)
    /// A loss or gradient became NaN or infinite at `step`; the last good checkpoint is kept.
    case nonFinite(step: Int, what: String)
    /// The caller asked to stop after `completedSteps`.
    case cancelled(completedSteps: Int)

    public var description: String {
        switch self {
        case .invalidParameter(let message): return "training: \(message)"
        case .invalidData(let message): return "training data: \(message)"
        case .nonFinite(let step, let what): return "training stopped at step \(step): \(what) is not finite (hint: lower the learning rate; the last good checkpoint is kept)"
        case .cancelled(let steps): return "training stopped after \(steps) steps"
        }
    }
}
