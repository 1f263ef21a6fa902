// Low-rank adaptation of a linear layer: the adapter (A, B, α/r, dropout), the reference-type slot a `Linear`
// carries it in, and attaching, detaching and merging on a `Linear`.

/// A LoRA adapter of one linear layer `W: [out, in]`, as PEFT's `lora.Linear` computes it:
///
/// ```
/// Δy = (α/r) · dropout(x) · Aᵀ · Bᵀ        A: [r, in] (lora_A.weight), B: [out, r] (lora_B.weight)
/// y  = x·Wᵀ + b + Δy
/// ```
/// A fresh adapter starts as PEFT's default (`init_lora_weights=True`): A from kaiming-uniform with a = √5, which
/// for fan-in `in` is U(−1/√in, 1/√in), and B = 0, so the adapted layer starts equal to the base layer.
///
/// Dropout (probability p, inverted: kept elements are scaled by 1/(1−p), as `torch.nn.Dropout` in training
/// mode) applies only while gradients are recorded (`GradMode.enabled`); inside `withoutGrad` (inference,
/// finite differences) the adapter is deterministic. Masks come from the adapter's own `SeededRNG`, so a run
/// reproduces from its seed; an adapter is therefore not safe to call from several threads at once when p > 0.
///
/// The low-rank path runs through the tensor ops (`matmul`, `scaled`, `*`), so autodiff reaches A and B. The
/// scale α/r is applied to the r-wide intermediate (r ≪ out), which equals PEFT's order up to rounding.
///
/// ### References
/// E. J. Hu et al., "LoRA: Low-Rank Adaptation of Large Language Models", arXiv 2106.09685;
/// K. He et al., "Delving Deep into Rectifiers" (kaiming init), arXiv 1502.01852; PEFT `LoraLayer.reset_lora_parameters`.
public final class LoRAAdapter {
    /// lora_A.weight [r, in].
    public let a: Tensor
    /// lora_B.weight [out, r].
    public let b: Tensor
    public let alpha: Double
    public let dropout: Double
    private var dropoutRNG: SeededRNG

    /// An adapter from given factors (e.g. read from a file). Throws `LoRAError` for inconsistent shapes or an
    /// invalid α or dropout.
    public init(a: Tensor, b: Tensor, alpha: Double, dropout: Double = 0, dropoutSeed: UInt64 = 0) throws {
        guard a.rank == 2, b.rank == 2, a.shape[0] >= 1, b.shape[1] == a.shape[0] else {
            throw LoRAError.shapeMismatch("A \(a.shape) and B \(b.shape) must be [r, in] and [out, r] with the same r ≥ 1")
        }
        try LoRAConfiguration(rank: a.shape[0], alpha: alpha, dropout: dropout, targets: [.query]).validate()
        (self.a, self.b, self.alpha, self.dropout) = (a, b, alpha, dropout)
        dropoutRNG = SeededRNG(seed: dropoutSeed)
    }

    /// A fresh adapter for a layer `in → out`: A ~ U(−1/√in, 1/√in) and the dropout stream drawn from `rng`, B = 0.
    public convenience init(inputs: Int, outputs: Int, rank: Int, alpha: Double, dropout: Double = 0, rng: inout SeededRNG) throws {
        try LoRAConfiguration(rank: rank, alpha: alpha, dropout: dropout, targets: [.query]).validate()
        guard inputs >= 1, outputs >= 1 else {
            throw LoRAError.shapeMismatch("a layer of \(inputs) inputs and \(outputs) outputs cannot carry an adapter")
        }
        let bound = Float(1 / Double(inputs).squareRoot())
        let a = Tensor.uniform([rank, inputs], low: -bound, high: bound, rng: &rng)
        try self.init(a: a, b: Tensor.zeros([outputs, rank]), alpha: alpha, dropout: dropout, dropoutSeed: rng.next())
    }

    public var rank: Int { a.shape[0] }
    public var inputCount: Int { a.shape[1] }
    public var outputCount: Int { b.shape[0] }
    /// α/r.
    public var scaling: Float { Float(alpha / Double(rank)) }

    /// The low-rank term Δy = (α/r)·dropout(x)·Aᵀ·Bᵀ for x: [..., in] → [..., out] (recorded for autodiff).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        var input = x
        if dropout > 0 && GradMode.enabled {
            let mask = Tensor.uninitialized(x.shape), keep = Float(1 / (1 - dropout))
            for i in 0..<mask.count { mask.storage.base[i] = dropoutRNG.nextDouble() < dropout ? 0 : keep }
            input = x * mask
        }
        return input.matmul(a, transposeB: true).scaled(scaling).matmul(b, transposeB: true)
    }

    /// ΔW = (α/r)·B·A [out, in], the update `merge` folds into the base weight (as PEFT's `get_delta_weight`);
    /// computed without recording.
    public func deltaWeight() -> Tensor {
        withoutGrad { b.matmul(a).scaled(scaling) }
    }
}

/// The place a `Linear` keeps its optional LoRA adapter. A reference type, so that attaching an adapter to a
/// layer of a built model (whose layers are structs held in `let`s) changes no layer value: every copy of the
/// `Linear` shares the slot.
///
/// `enabled == false` runs the base layer even while an adapter is attached (e.g. the frozen reference policy of
/// GRPO's KL term). With no adapter attached the layer's cost is one nil check.
public final class LoRASlot {
    /// The attached adapter (set through `Linear.attachLoRA` / `detachLoRA` / `mergeLoRA`).
    public internal(set) var adapter: LoRAAdapter?
    /// Whether `Linear.callAsFunction` adds the adapter's term (true by default).
    public var enabled = true

    public init() {}

    /// The adapter to apply now: nil when none is attached or it is switched off.
    @inline(__always) var active: LoRAAdapter? { enabled ? adapter : nil }
}

extension Linear {
    /// Attaches `adapter` (its A must be [r, inputCount], its B [outputCount, r]). Throws when the shapes do not
    /// fit or an adapter is already attached. Leaves `weight.requiresGrad` as it is.
    public func attachLoRA(_ adapter: LoRAAdapter) throws {
        guard lora.adapter == nil else { throw LoRAError.alreadyAttached }
        guard adapter.inputCount == inputCount, adapter.outputCount == outputCount else {
            throw LoRAError.shapeMismatch("A \(adapter.a.shape) and B \(adapter.b.shape) for a layer of weight \(weight.shape) "
                                          + "(hint: A must be [r, \(inputCount)] and B [\(outputCount), r])")
        }
        lora.adapter = adapter
    }

    /// Removes the adapter without changing the weight and returns it (nil when none was attached).
    @discardableResult
    public func detachLoRA() -> LoRAAdapter? {
        defer { lora.adapter = nil }
        return lora.adapter
    }

    /// Folds the adapter into the weight, W ← W + (α/r)·B·A (PEFT's `merge`), and removes it; nothing happens
    /// without one. The weight is changed in place: graphs recorded before still refer to its storage, so merge
    /// between training steps, not inside one.
    public func mergeLoRA() {
        guard let adapter = lora.adapter else { return }
        let delta = adapter.deltaWeight(), w = weight.storage.base, d = delta.storage.base
        for i in 0..<weight.count { w[i] += d[i] }
        lora.adapter = nil
    }
}
