// What a LoRA fine-tune adapts (which projections, rank, α, dropout), and the errors of attaching, saving and
// loading adapters. The adapter itself is in LoRA.swift; the decoder-level API in Model/DecoderLM+LoRA.swift.

/// A projection of a decoder layer that can carry a LoRA adapter, named as the Hugging Face module
/// (`target_modules` in PEFT's `LoraConfig`).
public enum LoRATarget: String, Sendable, CaseIterable {
    case query = "q_proj", key = "k_proj", value = "v_proj", output = "o_proj"
    case gate = "gate_proj", up = "up_proj", down = "down_proj"

    /// The module's path inside `model.layers.N` (`self_attn.q_proj`, `mlp.gate_proj`, …).
    public var modulePath: String {
        switch self {
        case .query, .key, .value, .output: return "self_attn.\(rawValue)"
        case .gate, .up, .down: return "mlp.\(rawValue)"
        }
    }
}

/// Hyperparameters of LoRA as PEFT's `LoraConfig` has them (`r`, `lora_alpha`, `lora_dropout`, `target_modules`).
///
/// Each targeted projection `y = x·Wᵀ + b` becomes
/// ```
/// y = x·Wᵀ + b + (α/r)·dropout(x)·Aᵀ·Bᵀ        A: [r, in], B: [out, r]
/// ```
/// `targets` is a set: it is kept in `LoRATarget.allCases` order (PEFT's module order) without repeats, so two
/// configurations naming the same projections compare equal.
///
/// ### References
/// E. J. Hu et al., "LoRA: Low-Rank Adaptation of Large Language Models", arXiv 2106.09685;
/// Hugging Face PEFT, `peft/tuners/lora`.
public struct LoRAConfiguration: Sendable, Equatable {
    /// r ≥ 1.
    public var rank: Int
    /// α > 0; the low-rank term is scaled by α/r.
    public var alpha: Double
    /// Probability p ∈ [0, 1) of zeroing an input element of the low-rank path (only while recording gradients).
    public var dropout: Double
    /// The projections that get adapters (non-empty).
    public var targets: [LoRATarget] {
        didSet { targets = Self.canonical(targets) }
    }

    public init(rank: Int = 8, alpha: Double = 16, dropout: Double = 0, targets: [LoRATarget] = LoRATarget.allCases) {
        self.rank = rank
        self.alpha = alpha
        self.dropout = dropout
        self.targets = Self.canonical(targets)
    }

    /// α/r, the factor of the low-rank term.
    public var scaling: Double { alpha / Double(rank) }

    /// Throws `LoRAError.invalidConfiguration` unless rank ≥ 1, α > 0 (finite), 0 ≤ dropout < 1 and targets ≠ ∅.
    public func validate() throws {
        guard rank >= 1 else {
            throw LoRAError.invalidConfiguration("rank must be at least 1, got \(rank) (hint: typical ranks are 4–64)")
        }
        guard alpha > 0, alpha.isFinite else {
            throw LoRAError.invalidConfiguration("alpha must be a positive number, got \(alpha) (hint: PEFT's default is 8; 2·rank is common)")
        }
        guard dropout >= 0, dropout < 1 else {
            throw LoRAError.invalidConfiguration("dropout must lie in [0, 1), got \(dropout) (hint: 0 turns it off; 0.05–0.1 is usual)")
        }
        guard !targets.isEmpty else {
            throw LoRAError.invalidConfiguration("targets is empty (hint: name at least one of \(LoRATarget.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
    }

    private static func canonical(_ targets: [LoRATarget]) -> [LoRATarget] {
        LoRATarget.allCases.filter(targets.contains)
    }
}

/// Errors of configuring, attaching, saving and loading LoRA adapters.
public enum LoRAError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A configuration `validate()` rejects (the message says which field and why).
    case invalidConfiguration(String)
    /// Adapters shapes that do not fit the layer they are attached to.
    case shapeMismatch(String)
    /// `attachLoRA` / `loadAdapters` on a model that already carries adapters.
    case alreadyAttached
    /// An operation that needs adapters on a model without any.
    case notAttached(operation: String)
    /// A layer range outside the model.
    case invalidLayers(requested: String, layerCount: Int)
    /// An adapter folder or file that cannot be used with this model: what is wrong and a hint.
    case adapterFile(path: String, problem: String, hint: String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let message):
            return "invalid LoRA configuration: \(message)"
        case .shapeMismatch(let message):
            return "LoRA adapter does not fit: \(message)"
        case .alreadyAttached:
            return "LoRA adapters are already attached (hint: call mergeLoRA() or detachLoRA() first, or load a fresh model)"
        case .notAttached(let operation):
            return "\(operation): the model carries no LoRA adapters (hint: call attachLoRA(_:seed:) or loadAdapters(from:) first)"
        case .invalidLayers(let requested, let layerCount):
            return "LoRA layers \(requested) are not a non-empty range inside the model's \(layerCount) layers (hint: use a range within 0..<\(layerCount))"
        case .adapterFile(let path, let problem, let hint):
            return "\(path): \(problem) (hint: \(hint))"
        }
    }
}
