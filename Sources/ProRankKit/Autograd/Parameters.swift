// Named parameters: how a model enumerates, saves, loads and optimises its trainable tensors.

/// An ordered collection of named trainable tensors, named like Hugging Face's `named_parameters()`
/// (`model.layers.0.self_attn.q_proj.weight`), so checkpoints map one-to-one onto safetensors files.
///
/// ```swift
/// var params = Parameters()
/// params.add("fc1.weight", Tensor.normal([16, 2], std: 0.5, rng: &rng))
/// params.add(prefix: "block", block.parameters)
/// let optimizer = AdamW(params.tensors, config: .init(learningRate: 1e-3))
/// ```
public struct Parameters {
    public private(set) var names: [String] = []
    private var byName: [String: Tensor] = [:]

    public init() {}

    /// Registers `tensor` under `name` and marks it trainable. Names must be unique.
    public mutating func add(_ name: String, _ tensor: Tensor) {
        precondition(byName[name] == nil, "Parameters: duplicate name \(name)")
        tensor.requiresGrad = true
        names.append(name)
        byName[name] = tensor
    }

    /// Registers every parameter of `other` under `prefix.`.
    public mutating func add(prefix: String, _ other: Parameters) {
        for (name, t) in other.named { add(prefix.isEmpty ? name : "\(prefix).\(name)", t) }
    }

    public subscript(name: String) -> Tensor? { byName[name] }

    /// (name, tensor) pairs in registration order.
    public var named: [(name: String, tensor: Tensor)] { names.map { ($0, byName[$0]!) } }
    /// The tensors in registration order.
    public var tensors: [Tensor] { names.map { byName[$0]! } }
    /// Total number of scalar parameters.
    public var scalarCount: Int { tensors.reduce(0) { $0 + $1.count } }
    public var count: Int { names.count }

    /// Clears every accumulated gradient.
    public func zeroGrad() { for t in tensors { t.zeroGrad() } }

    /// Copies values from `source` (e.g. tensors read from a checkpoint) into the parameters of the same name.
    /// Every parameter must be present with the same shape; names in `source` that are not parameters are
    /// returned (the caller decides whether that is an error).
    @discardableResult
    public func load(from source: [String: Tensor]) throws -> [String] {
        for name in names {
            guard let src = source[name] else { throw ParametersError.missing(name: name) }
            let dst = byName[name]!
            guard src.shape == dst.shape else { throw ParametersError.shapeMismatch(name: name, expected: dst.shape, found: src.shape) }
            dst.storage.base.update(from: src.storage.base, count: dst.count)
        }
        return source.keys.filter { byName[$0] == nil }.sorted()
    }
}

public enum ParametersError: Error, CustomStringConvertible, Equatable {
    case missing(name: String)
    case shapeMismatch(name: String, expected: [Int], found: [Int])

    public var description: String {
        switch self {
        case .missing(let name):
            return "parameter \(name) is missing from the checkpoint (hint: was it saved from the same architecture?)"
        case .shapeMismatch(let name, let expected, let found):
            return "parameter \(name) has shape \(found) in the checkpoint, the model expects \(expected) (hint: check the config)"
        }
    }
}
