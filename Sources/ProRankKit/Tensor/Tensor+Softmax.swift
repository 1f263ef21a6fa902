// Softmax and log-softmax along the last axis, stable for large inputs and for −∞ (masked) entries.

import Foundation

extension Tensor {
    /// softmax(x)ᵢ = exp(xᵢ − m) / Σⱼ exp(xⱼ − m) with m = maxⱼ xⱼ over the last axis.
    ///
    /// Subtracting the row maximum keeps exp from overflowing; −∞ entries get probability 0. A row that is
    /// entirely −∞ has no defined distribution and yields all zeros (not NaN).
    /// Backward: dx = y ⊙ (g − Σⱼ gⱼyⱼ).
    public func softmax() -> Tensor {
        precondition(rank >= 1, "softmax: needs at least one axis, got shape \(shape)")
        let n = shape[rank - 1]
        let out = Tensor.uninitialized(shape)
        Tensor.softmaxRows(storage.base, out.storage.base, rows: n == 0 ? 0 : count / n, n: n)
        return Tensor.record(out, op: "softmax", inputs: [self]) { g, y in
            let gx = Tensor.uninitialized(y.shape)
            let py = y.storage.base, pg = g.storage.base, pgx = gx.storage.base
            for r in 0..<(n == 0 ? 0 : y.count / n) {
                let o = r * n
                var dot: Float = 0
                for j in 0..<n { dot += pg[o + j] * py[o + j] }
                for j in 0..<n { pgx[o + j] = py[o + j] * (pg[o + j] - dot) }
            }
            return [gx]
        }
    }

    /// log softmax(x)ᵢ = xᵢ − m − log Σⱼ exp(xⱼ − m) over the last axis. −∞ entries stay −∞; an all −∞ row
    /// stays all −∞. Backward: dx = g − softmax(x)·Σⱼ gⱼ.
    public func logSoftmax() -> Tensor {
        precondition(rank >= 1, "logSoftmax: needs at least one axis, got shape \(shape)")
        let n = shape[rank - 1]
        let rows = n == 0 ? 0 : count / n
        let out = Tensor.uninitialized(shape), px = storage.base, po = out.storage.base
        for r in 0..<rows {
            let x = px + r * n, y = po + r * n
            // (x − m) − log s rather than x − (m + log s): x − m is exact near the maximum, so large inputs
            // keep full relative precision.
            let (m, logS) = Tensor.maxAndLogSumShifted(x, n)
            for j in 0..<n { y[j] = m == -.infinity ? -.infinity : (x[j] - m) - logS }
        }
        return Tensor.record(out, op: "logSoftmax", inputs: [self]) { g, y in
            let gx = Tensor.uninitialized(y.shape)
            let py = y.storage.base, pg = g.storage.base, pgx = gx.storage.base
            VectorMath.map(py, pgx, count: y.count, VectorMath.exp)
            for r in 0..<rows {
                let o = r * n
                var total: Float = 0
                for j in 0..<n { total += pg[o + j] }
                for j in 0..<n { pgx[o + j] = pg[o + j] - pgx[o + j] * total }
            }
            return [gx]
        }
    }

    /// log Σ exp(x) of one row, stable (−∞ for an empty or all −∞ row).
    @inline(__always)
    static func logSumExp(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
        let (m, logS) = maxAndLogSumShifted(x, n)
        return m == -.infinity ? -.infinity : m + logS
    }

    /// m = max x and log Σ exp(x − m) of one row (m = −∞ for an empty or all −∞ row).
    @inline(__always)
    static func maxAndLogSumShifted(_ x: UnsafePointer<Float>, _ n: Int) -> (max: Float, logSum: Float) {
        let m = VectorMath.max(x, count: n)
        guard m > -.infinity else { return (m, 0) }
        return (m, Foundation.log(VectorMath.expShiftedSum(x, count: n, shift: m)))
    }

    /// Row-wise stable softmax from `x` into `y` (`rows` rows of `n`); shared with attention.
    @inline(__always)
    static func softmaxRows(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, n: Int) {
        for r in 0..<rows {
            let xr = x + r * n, yr = y + r * n
            let m = VectorMath.max(xr, count: n)
            guard m > -.infinity else {
                yr.update(repeating: 0, count: n)
                continue
            }
            let inv = 1 / VectorMath.expShiftedSum(xr, yr, count: n, shift: m)
            for j in 0..<n { yr[j] *= inv }
        }
    }
}
