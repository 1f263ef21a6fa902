// Index-based gathers: rows of a table (embedding lookup) and positions along any axis (index-select).
// Backward: scatter-add into zeros, so repeated indices accumulate.

extension Tensor {
    /// Rows `ids` of this `[V, D]` table, shaped `idsShape + [D]` (default `[ids.count, D]`): the embedding
    /// lookup. Backward: each row's gradient is added to row `ids[i]` of the table gradient, except for
    /// `paddingIndex`, whose row receives none (as `torch.nn.Embedding(padding_idx:)`).
    public func gatherRows(_ ids: [Int], shape idsShape: [Int]? = nil, paddingIndex: Int? = nil) -> Tensor {
        precondition(rank == 2, "gatherRows: table must be [V, D], got \(shape)")
        let outLead = idsShape ?? [ids.count]
        precondition(outLead.elementCount == ids.count, "gatherRows: ids shape \(outLead) does not hold \(ids.count) ids")
        let v = shape[0], d = shape[1]
        for id in ids { precondition(id >= 0 && id < v, "gatherRows: id \(id) out of range for table \(shape)") }
        let out = Tensor.uninitialized(outLead + [d]), po = out.storage.base, pt = storage.base
        for (i, id) in ids.enumerated() { (po + i * d).update(from: pt + id * d, count: d) }
        return Tensor.record(out, op: "gatherRows", inputs: [self]) { g, _ in
            let gt = Tensor.zeros(self.shape), pgt = gt.storage.base, pg = g.storage.base
            for (i, id) in ids.enumerated() where id != paddingIndex {
                let dst = pgt + id * d, src = pg + i * d
                for j in 0..<d { dst[j] += src[j] }
            }
            return [gt]
        }
    }

    /// Positions `indices` along `axis` (in that order, repeats allowed): e.g. the last position of each
    /// sequence in `[B, T, C]` with `axis: 1`. Backward: scatter-add.
    public func indexSelect(axis: Int, _ indices: [Int]) -> Tensor {
        let ax = Shape.axis(axis, rank: rank, op: "indexSelect")
        let (outer, n, inner) = axisLayout(ax)
        for i in indices { precondition(i >= 0 && i < n, "indexSelect: index \(i) out of range for axis \(ax) of \(shape)") }
        var outShape = shape
        outShape[ax] = indices.count
        let out = Tensor.uninitialized(outShape), po = out.storage.base, px = storage.base
        let m = indices.count
        for o in 0..<outer {
            for (k, i) in indices.enumerated() {
                (po + (o * m + k) * inner).update(from: px + (o * n + i) * inner, count: inner)
            }
        }
        return Tensor.record(out, op: "indexSelect", inputs: [self]) { g, _ in
            let gx = Tensor.zeros(self.shape), pgx = gx.storage.base, pg = g.storage.base
            for o in 0..<outer {
                for (k, i) in indices.enumerated() {
                    let dst = pgx + (o * n + i) * inner, src = pg + (o * m + k) * inner
                    for j in 0..<inner { dst[j] += src[j] }
                }
            }
            return [gx]
        }
    }
}
