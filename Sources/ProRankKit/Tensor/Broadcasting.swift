// Pointer kernels for NumPy-style broadcasting: the elementwise binary loop and its adjoint, the reduction of a
// broadcast gradient back to an input's shape.

/// Walks the elements of a tensor of shape `outShape` in row-major order, calling `body(outOffset, offsetA,
/// offsetB, innerCount, innerStrideA, innerStrideB)` once per row of the last axis, where the offsets index two
/// operands read through broadcast strides.
@inline(__always)
func forEachBroadcastRow(
    _ outShape: [Int], _ stridesA: [Int], _ stridesB: [Int],
    _ body: (_ out: Int, _ a: Int, _ b: Int, _ n: Int, _ sa: Int, _ sb: Int) -> Void
) {
    let rank = outShape.count
    guard rank > 0 else { body(0, 0, 0, 1, 0, 0); return }
    let n = outShape[rank - 1]
    let rows = n == 0 ? 0 : outShape.elementCount / n
    var index = [Int](repeating: 0, count: rank)
    var offA = 0, offB = 0
    for row in 0..<rows {
        body(row * n, offA, offB, n, stridesA[rank - 1], stridesB[rank - 1])
        // Advance the multi-index over the leading axes (odometer), keeping both offsets in step.
        var axis = rank - 2
        while axis >= 0 {
            index[axis] += 1
            offA += stridesA[axis]
            offB += stridesB[axis]
            if index[axis] < outShape[axis] { break }
            offA -= stridesA[axis] * outShape[axis]
            offB -= stridesB[axis] * outShape[axis]
            index[axis] = 0
            axis -= 1
        }
    }
}

extension Tensor {
    /// Elementwise `f(a, b)` with broadcasting; the kernel behind add, sub, mul, div.
    @inline(__always)
    static func broadcastMap(_ a: Tensor, _ b: Tensor, op: String, _ f: (Float, Float) -> Float) -> Tensor {
        let pa = a.storage.base, pb = b.storage.base
        if a.shape == b.shape {
            let out = Tensor.uninitialized(a.shape), po = out.storage.base
            for i in 0..<a.count { po[i] = f(pa[i], pb[i]) }
            return out
        }
        let shape = Shape.broadcast(a.shape, b.shape, op: op)
        let out = Tensor.uninitialized(shape), po = out.storage.base
        if b.count == 1 && shape == a.shape {
            let s = pb[0]
            for i in 0..<out.count { po[i] = f(pa[i], s) }
            return out
        }
        let sa = Shape.broadcastStrides(a.shape, to: shape), sb = Shape.broadcastStrides(b.shape, to: shape)
        forEachBroadcastRow(shape, sa, sb) { o, ia, ib, n, da, db in
            if da == 1 && db == 1 {
                for j in 0..<n { po[o + j] = f(pa[ia + j], pb[ib + j]) }
            } else {
                for j in 0..<n { po[o + j] = f(pa[ia + j * da], pb[ib + j * db]) }
            }
        }
        return out
    }

    /// Sums this (broadcast) tensor down to `target`, the shape of the operand that was broadcast: the adjoint
    /// of broadcasting. Returns self when the shapes already match.
    func sumToShape(_ target: [Int]) -> Tensor {
        if shape == target { return self }
        precondition(Shape.broadcast(target, shape, op: "sumToShape") == shape, "sumToShape: \(target) does not broadcast to \(shape)")
        let out = Tensor.zeros(target), po = out.storage.base, pg = storage.base
        let st = Shape.broadcastStrides(target, to: shape)
        forEachBroadcastRow(shape, st, st) { o, it, _, n, dt, _ in
            if dt == 0 {
                var acc: Float = 0
                for j in 0..<n { acc += pg[o + j] }
                po[it] += acc
            } else if dt == 1 {
                for j in 0..<n { po[it + j] += pg[o + j] }   // contiguous: vectorises (bias gradients)
            } else {
                for j in 0..<n { po[it + j * dt] += pg[o + j] }
            }
        }
        return out
    }
}
