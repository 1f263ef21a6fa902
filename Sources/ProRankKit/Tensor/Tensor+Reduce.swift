// Reductions along one axis (sum, mean, max) and over all elements, with their backward passes.
//
// A reduction over `axis` views the tensor as [outer, n, inner] (n = shape[axis]) and produces [outer, inner],
// reshaped to the input's shape without that axis, or with it as 1 when `keepDims`.

extension Tensor {
    private func reducedShape(_ axis: Int, keepDims: Bool) -> [Int] {
        var s = shape
        if keepDims { s[axis] = 1 } else { s.remove(at: axis) }
        return s
    }

    /// (outer, n, inner) of a reduction over `axis`.
    func axisLayout(_ axis: Int) -> (outer: Int, n: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    /// Σ over `axis`. Backward: the gradient is repeated along the summed axis.
    public func sum(axis: Int, keepDims: Bool = false) -> Tensor {
        let ax = Shape.axis(axis, rank: rank, op: "sum")
        let (outer, n, inner) = axisLayout(ax)
        let out = Tensor.zeros(reducedShape(ax, keepDims: keepDims)), po = out.storage.base, px = storage.base
        for o in 0..<outer {
            for k in 0..<n {
                let src = px + (o * n + k) * inner, dst = po + o * inner
                for i in 0..<inner { dst[i] += src[i] }
            }
        }
        let kept = reducedShape(ax, keepDims: true)
        return Tensor.record(out, op: "sum", inputs: [self]) { g, _ in [g.reshaped(kept).expanded(to: self.shape)] }
    }

    /// Mean over `axis` (sum / n).
    public func mean(axis: Int, keepDims: Bool = false) -> Tensor {
        let ax = Shape.axis(axis, rank: rank, op: "mean")
        return sum(axis: ax, keepDims: keepDims).scaled(1 / Float(shape[ax]))
    }

    /// Maximum over `axis`. Backward: the gradient goes to the first position holding the maximum.
    public func max(axis: Int, keepDims: Bool = false) -> Tensor {
        let ax = Shape.axis(axis, rank: rank, op: "max")
        let (outer, n, inner) = axisLayout(ax)
        precondition(n > 0, "max: axis \(axis) of \(shape) is empty")
        let out = Tensor.uninitialized(reducedShape(ax, keepDims: keepDims)), po = out.storage.base, px = storage.base
        var argmax = [Int](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for i in 0..<inner {
                var best = px[o * n * inner + i], at = 0
                for k in 1..<Swift.max(n, 1) where px[(o * n + k) * inner + i] > best {
                    best = px[(o * n + k) * inner + i]
                    at = k
                }
                po[o * inner + i] = best
                argmax[o * inner + i] = at
            }
        }
        return Tensor.record(out, op: "max", inputs: [self]) { g, _ in
            let gx = Tensor.zeros(self.shape), pgx = gx.storage.base, pg = g.storage.base
            for o in 0..<outer {
                for i in 0..<inner { pgx[(o * n + argmax[o * inner + i]) * inner + i] = pg[o * inner + i] }
            }
            return [gx]
        }
    }

    /// Σ of all elements, a scalar. Backward: the gradient is repeated everywhere.
    public func sum() -> Tensor {
        var acc: Double = 0
        let px = storage.base
        for i in 0..<count { acc += Double(px[i]) }
        return Tensor.record(Tensor(Float(acc)), op: "sumAll", inputs: [self]) { g, _ in
            [Tensor.full(self.shape, g.item)]
        }
    }

    /// Mean of all elements, a scalar.
    public func mean() -> Tensor { sum().scaled(1 / Float(Swift.max(count, 1))) }
}
