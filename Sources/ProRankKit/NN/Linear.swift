// Affine projection y = x·Wᵀ + b with the weight in PyTorch's [out, in] layout.

/// A linear layer as in `torch.nn.Linear`: `weight` is [out, in] (Hugging Face checkpoint layout), `bias` [out].
///
/// ```
/// y = x · Wᵀ + b        x: [..., in] → y: [..., out]
/// ```
/// plus (α/r)·dropout(x)·Aᵀ·Bᵀ while a LoRA adapter is attached to `lora` and enabled (NN/LoRA.swift).
public struct Linear {
    public let weight: Tensor
    public let bias: Tensor?
    /// The optional LoRA adapter (a shared reference: attaching needs no rebuilt layer).
    public let lora: LoRASlot

    public init(weight: Tensor, bias: Tensor? = nil) {
        precondition(weight.rank == 2, "Linear: weight must be [out, in], got \(weight.shape)")
        if let bias { precondition(bias.shape == [weight.shape[0]], "Linear: bias \(bias.shape) does not match weight \(weight.shape)") }
        self.weight = weight
        self.bias = bias
        self.lora = LoRASlot()
    }

    /// A layer with weights drawn from N(0, std²) and a zero bias (the Hugging Face default initialisation).
    public init(inputs: Int, outputs: Int, bias: Bool, std: Float, rng: inout SeededRNG) {
        self.init(weight: Tensor.normal([outputs, inputs], std: std, rng: &rng), bias: bias ? Tensor.zeros([outputs]) : nil)
    }

    public var inputCount: Int { weight.shape[1] }
    public var outputCount: Int { weight.shape[0] }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        let y = x.matmul(weight, transposeB: true)
        let out = bias.map { y + $0 } ?? y
        guard let adapter = lora.active else { return out }
        return out + adapter(x)
    }

    /// `weight` and `bias` under `prefix.weight` / `prefix.bias`.
    public func parameters(prefix: String) -> Parameters {
        var p = Parameters()
        p.add("\(prefix).weight", weight)
        if let bias { p.add("\(prefix).bias", bias) }
        return p
    }
}

/// RMSNorm with a learned gain (see `Tensor.rmsNorm`).
public struct RMSNorm {
    public let weight: Tensor
    public let eps: Float

    public init(weight: Tensor, eps: Float) {
        self.weight = weight
        self.eps = eps
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { x.rmsNorm(weight: weight, eps: eps) }
}
