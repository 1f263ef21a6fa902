// The Float32 tensor: a shape, contiguous row-major storage, and (when it takes part in autodiff) its
// gradient and the node that produced it. Ops live in `Tensor+*.swift`, each with its backward beside it.

/// An n-dimensional Float32 array with reverse-mode autodiff.
///
/// Tensors are reference types: an op returns a new tensor and never changes its inputs, so a tensor may be
/// shared freely. A *leaf* with `requiresGrad` (a parameter) accumulates `grad` over `backward()` calls until
/// `zeroGrad()`; tensors made by ops while grad mode is on remember their inputs (see `Autograd/Tape.swift`).
public final class Tensor {
    /// Dimensions, outermost first; `[]` is a scalar.
    public let shape: [Int]
    /// The elements, row-major. Shared with tensors that view it (reshape). A `var` only so that autodiff
    /// can test it for unique ownership before adopting a gradient's memory; it is never reassigned.
    public internal(set) var storage: TensorStorage
    /// Whether gradients flow into this tensor. Set on leaves (parameters); ops derive it for their outputs.
    public var requiresGrad: Bool
    /// Accumulated gradient of a leaf with `requiresGrad` (same shape); nil until the first backward pass.
    public internal(set) var grad: Tensor?
    /// The recorded op that produced this tensor, when grad mode was on and an input needed gradients.
    var gradNode: GradNode?

    /// Wraps existing storage (shared, not copied).
    public init(shape: [Int], storage: TensorStorage, requiresGrad: Bool = false) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in \(shape)")
        precondition(shape.elementCount == storage.count, "Tensor: shape \(shape) needs \(shape.elementCount) elements, storage has \(storage.count)")
        self.shape = shape
        self.storage = storage
        self.requiresGrad = requiresGrad
    }

    deinit {
        if let node = gradNode {
            gradNode = nil
            GradNode.dismantle(node)
        }
    }

    /// A tensor holding `data` (row-major) with the given shape.
    public convenience init(shape: [Int], data: [Float], requiresGrad: Bool = false) {
        precondition(shape.elementCount == data.count, "Tensor(shape:data:): shape \(shape) needs \(shape.elementCount) values, got \(data.count)")
        let storage = TensorStorage(uninitializedCount: data.count)
        data.withUnsafeBufferPointer { storage.base.initialize(from: $0.baseAddress!, count: data.count) }
        self.init(shape: shape, storage: storage, requiresGrad: requiresGrad)
    }

    /// A 0-dimensional tensor.
    public convenience init(_ scalar: Float) { self.init(shape: [], data: [scalar]) }

    /// Uninitialised tensor for ops that write every element.
    @usableFromInline static func uninitialized(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, storage: TensorStorage(uninitializedCount: shape.elementCount))
    }

    // MARK: creation

    public static func zeros(_ shape: [Int]) -> Tensor { full(shape, 0) }
    public static func ones(_ shape: [Int]) -> Tensor { full(shape, 1) }
    public static func full(_ shape: [Int], _ value: Float) -> Tensor {
        Tensor(shape: shape, storage: TensorStorage(count: shape.elementCount, repeating: value))
    }

    /// Elements drawn from N(mean, std²) with the caller's generator.
    public static func normal(_ shape: [Int], mean: Float = 0, std: Float = 1, rng: inout SeededRNG) -> Tensor {
        let t = uninitialized(shape)
        for i in 0..<t.count { t.storage.base[i] = mean + std * Float(rng.normal()) }
        return t
    }

    /// Elements drawn uniformly from [low, high) with the caller's generator.
    public static func uniform(_ shape: [Int], low: Float = 0, high: Float = 1, rng: inout SeededRNG) -> Tensor {
        let t = uninitialized(shape)
        for i in 0..<t.count { t.storage.base[i] = Float(rng.uniform(Double(low), Double(high))) }
        return t
    }

    /// `[0, 1, …, n-1]` as Float32.
    public static func arange(_ n: Int) -> Tensor { Tensor(shape: [n], data: (0..<n).map(Float.init)) }

    // MARK: access

    public var rank: Int { shape.count }
    public var count: Int { storage.count }
    /// Whether gradients must be tracked through ops that read this tensor.
    public var tracksGrad: Bool { requiresGrad || gradNode != nil }
    /// Whether this is a leaf (made by the user, not by a recorded op).
    public var isLeaf: Bool { gradNode == nil }

    /// The elements as an array (a copy).
    public var scalars: [Float] { Array(storage.buffer) }

    /// The single element of a one-element tensor.
    public var item: Float {
        precondition(count == 1, "Tensor.item: shape \(shape) has \(count) elements, expected 1")
        return storage.base[0]
    }

    /// Element at a full index (for tests and small inspections; not for hot loops).
    public subscript(_ index: Int...) -> Float {
        precondition(index.count == rank, "Tensor subscript: \(index.count) indices for shape \(shape)")
        var offset = 0
        for (i, (ix, dim)) in zip(index, shape).enumerated() {
            precondition(ix >= 0 && ix < dim, "Tensor subscript: index \(ix) out of range for axis \(i) of \(shape)")
            offset = offset * dim + ix
        }
        return storage.base[offset]
    }

    /// A copy that shares nothing and records nothing.
    public func copy() -> Tensor {
        let t = Tensor.uninitialized(shape)
        t.storage.base.update(from: storage.base, count: count)
        return t
    }

    /// The same values cut off from the graph (shares storage; no gradient flows back).
    public func detached() -> Tensor { Tensor(shape: shape, storage: storage) }

    /// Clears the accumulated gradient.
    public func zeroGrad() { grad = nil }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let shown = scalars.prefix(8).map { String(format: "%.4g", $0) }.joined(separator: ", ")
        return "Tensor(\(shape), [\(shown)\(count > 8 ? ", …" : "")])"
    }
}

import Foundation
