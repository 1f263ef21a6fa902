// Shape ops: reshape (a view), broadcast-expand, permute/transpose, slice along an axis, concat.
// All but reshape copy into new contiguous storage; each backward is the adjoint data movement.

extension Tensor {
    /// Same elements, new shape (one dimension may be −1). Shares storage. Backward: reshape back.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        let target = Shape.resolve(newShape, count: count, op: "reshape")
        precondition(target.elementCount == count, "reshape: cannot view \(shape) (\(count) elements) as \(newShape)")
        let out = Tensor(shape: target, storage: storage)
        return Tensor.record(out, op: "reshape", inputs: [self]) { g, _ in [g.reshaped(self.shape)] }
    }

    /// Repeats the tensor along axes of size 1 (and new leading axes) to `target` (NumPy broadcasting).
    /// Backward: sum over the repeated axes.
    public func expanded(to target: [Int]) -> Tensor {
        precondition(Shape.broadcast(shape, target, op: "expand") == target, "expand: \(shape) does not broadcast to \(target)")
        if target == shape { return self }
        let out = Tensor.uninitialized(target), po = out.storage.base, px = storage.base
        let sx = Shape.broadcastStrides(shape, to: target)
        forEachBroadcastRow(target, sx, sx) { o, ix, _, n, dx, _ in
            for j in 0..<n { po[o + j] = px[ix + j * dx] }
        }
        return Tensor.record(out, op: "expand", inputs: [self]) { g, _ in [g.sumToShape(self.shape)] }
    }

    /// Reorders the axes: output axis i is input axis `axes[i]`. Backward: the inverse permutation.
    public func permuted(_ axes: [Int]) -> Tensor {
        precondition(axes.sorted() == Array(0..<rank), "permute: \(axes) is not a permutation of the axes of \(shape)")
        if axes == Array(0..<rank) { return self }
        let outShape = axes.map { shape[$0] }
        let inStrides = shape.rowMajorStrides
        let readStrides = axes.map { inStrides[$0] }
        let out = Tensor.uninitialized(outShape), po = out.storage.base, px = storage.base
        forEachBroadcastRow(outShape, readStrides, readStrides) { o, ix, _, n, dx, _ in
            for j in 0..<n { po[o + j] = px[ix + j * dx] }
        }
        var inverse = [Int](repeating: 0, count: rank)
        for (i, a) in axes.enumerated() { inverse[a] = i }
        return Tensor.record(out, op: "permute", inputs: [self]) { g, _ in [g.permuted(inverse)] }
    }

    /// Swaps two axes (default: the last two).
    public func transposed(_ a: Int = -2, _ b: Int = -1) -> Tensor {
        let x = Shape.axis(a, rank: rank, op: "transpose"), y = Shape.axis(b, rank: rank, op: "transpose")
        var axes = Array(0..<rank)
        axes.swapAt(x, y)
        return permuted(axes)
    }

    /// Elements `range` along `axis`. Backward: the gradient placed back into zeros.
    public func sliced(axis: Int, _ range: Range<Int>) -> Tensor {
        let ax = Shape.axis(axis, rank: rank, op: "slice")
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[ax], "slice: range \(range) out of bounds for axis \(ax) of \(shape)")
        let (outer, n, inner) = axisLayout(ax)
        var outShape = shape
        outShape[ax] = range.count
        let out = Tensor.uninitialized(outShape), po = out.storage.base, px = storage.base
        let block = range.count * inner
        for o in 0..<outer {
            (po + o * block).update(from: px + (o * n + range.lowerBound) * inner, count: block)
        }
        return Tensor.record(out, op: "slice", inputs: [self]) { g, _ in
            let gx = Tensor.zeros(self.shape), pgx = gx.storage.base, pg = g.storage.base
            for o in 0..<outer {
                (pgx + (o * n + range.lowerBound) * inner).update(from: pg + o * block, count: block)
            }
            return [gx]
        }
    }

    /// Joins tensors along `axis`; all other dimensions must agree. Backward: each input gets its slice.
    public static func concat(_ parts: [Tensor], axis: Int) -> Tensor {
        precondition(!parts.isEmpty, "concat: no tensors")
        let first = parts[0]
        let ax = Shape.axis(axis, rank: first.rank, op: "concat")
        for p in parts {
            var a = p.shape, b = first.shape
            precondition(a.count == b.count, "concat: shapes \(first.shape) and \(p.shape) differ in rank")
            a[ax] = 0
            b[ax] = 0
            precondition(a == b, "concat: shapes \(first.shape) and \(p.shape) differ outside axis \(ax)")
        }
        let sizes = parts.map { $0.shape[ax] }
        var outShape = first.shape
        outShape[ax] = sizes.reduce(0, +)
        let out = Tensor.uninitialized(outShape), po = out.storage.base
        let (outer, total, inner) = out.axisLayout(ax)
        var start = 0
        for (p, size) in zip(parts, sizes) {
            let block = size * inner
            for o in 0..<outer {
                (po + (o * total + start) * inner).update(from: p.storage.base + o * block, count: block)
            }
            start += size
        }
        return record(out, op: "concat", inputs: parts) { g, _ in
            var offset = 0
            return sizes.map { size in
                defer { offset += size }
                return g.sliced(axis: ax, offset..<(offset + size))
            }
        }
    }
}
