// Contiguous Float32 memory shared by the tensors that view it (a reshape shares its input's storage).

/// Row-major Float32 buffer, 64-byte aligned so SIMD loads and BLAS panels never straddle cache lines; large
/// buffers come from and return to `BufferPool`.
///
/// A storage is written only while the op that creates it fills it; afterwards tensors treat it as
/// immutable, except for explicit in-place updates of parameters (optimisers, loading, GradCheck).
public final class TensorStorage: @unchecked Sendable {
    /// Number of Float32 elements.
    public let count: Int
    /// First element; valid for `count` elements for the storage's lifetime.
    public let base: UnsafeMutablePointer<Float>

    /// Uninitialised storage of `count` elements (callers fill every element).
    public init(uninitializedCount count: Int) {
        precondition(count >= 0, "TensorStorage: negative element count \(count)")
        self.count = count
        let raw = BufferPool.shared.allocate(byteCount: max(count, 1) * MemoryLayout<Float>.stride)
        base = raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    /// Storage with every element set to `value`.
    public convenience init(count: Int, repeating value: Float) {
        self.init(uninitializedCount: count)
        base.initialize(repeating: value, count: count)
    }

    deinit { BufferPool.shared.release(UnsafeMutableRawPointer(base), byteCount: max(count, 1) * MemoryLayout<Float>.stride) }

    public var buffer: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: base, count: count) }
}
