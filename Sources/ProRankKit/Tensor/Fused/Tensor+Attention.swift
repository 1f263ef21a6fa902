// Causal scaled-dot-product attention with grouped-query heads and an optional key/value prefix (KV cache),
// fused: per (batch, head) two strided sgemms, a masked softmax, two more sgemms; the backward mirrors it.

extension Tensor {
    /// Multi-head attention on `[B, T, H, D]` tensors (the layout a linear projection produces, so no permute
    /// is needed: heads are read with a row stride of H·D).
    ///
    /// ```
    /// S = scale · q · [Kₚ; K]ᵀ     (scale = 1/√D by default)
    /// S[t, P + j] = −∞ for j > t   (causal; the P prefix positions are always visible)
    /// out = softmax(S) · [Vₚ; V]
    /// ```
    /// - `q`: [B, T, Hq, D]; `k`, `v`: [B, T, Hkv, D] with Hq a multiple of Hkv (grouped-query attention: query
    ///   head h reads key/value head h / (Hq/Hkv)).
    /// - `prefixK`, `prefixV`: [Bp, P, Hkv, D], the cached keys/values of P earlier positions; Bp = B, or 1 for a
    ///   prefix shared by every batch row (one prompt, several continuations: its gradient sums over the rows).
    /// - `leftPadding`: per batch row, how many leading key positions (counted over prefix and new positions)
    ///   are padding and never attended to (left-padded batches). A query row that sees only padding gets a
    ///   zero output rather than NaN.
    /// - Returns [B, T, Hq, D].
    ///
    /// Backward (P = softmax(S)): dP = dO·Vᵀ, dV = Pᵀ·dO, dS = P ⊙ (dP − rowsum(dP ⊙ P)) · scale, dQ = dS·K,
    /// dK = dSᵀ·Q, each split between prefix and new positions.
    ///
    /// ### References
    /// Vaswani et al., "Attention Is All You Need", arXiv 1706.03762; Ainslie et al., "GQA", arXiv 2305.13245.
    public static func attention(
        q: Tensor, k: Tensor, v: Tensor, prefixK: Tensor? = nil, prefixV: Tensor? = nil,
        causal: Bool = true, scale: Float? = nil, leftPadding: [Int]? = nil
    ) -> Tensor {
        precondition(q.rank == 4 && k.rank == 4 && v.rank == 4, "attention: q, k, v must be [B, T, H, D], got \(q.shape), \(k.shape), \(v.shape)")
        let (b, t, hq, d) = (q.shape[0], q.shape[1], q.shape[2], q.shape[3])
        let hkv = k.shape[2]
        precondition(k.shape == [b, t, hkv, d], "attention: k \(k.shape) does not match q \(q.shape)")
        precondition(v.shape == k.shape, "attention: v \(v.shape) does not match k \(k.shape)")
        precondition(hkv > 0 && hq % hkv == 0, "attention: \(hq) query heads not a multiple of \(hkv) key/value heads")
        precondition((prefixK == nil) == (prefixV == nil), "attention: prefixK and prefixV must be given together")
        var p = 0, bp = 1
        if let pk = prefixK, let pv = prefixV {
            precondition(pk.rank == 4 && (pk.shape[0] == b || pk.shape[0] == 1) && pk.shape[2] == hkv && pk.shape[3] == d,
                         "attention: prefixK \(pk.shape) does not fit k \(k.shape)")
            precondition(pv.shape == pk.shape, "attention: prefixV \(pv.shape) does not match prefixK \(pk.shape)")
            (p, bp) = (pk.shape[1], pk.shape[0])
        }
        if let leftPadding {
            precondition(leftPadding.count == b && leftPadding.allSatisfy { $0 >= 0 && $0 <= p + t },
                         "attention: leftPadding \(leftPadding) does not fit \(b) rows of \(p + t) keys")
        }
        let geometry = AttentionGeometry(b: b, t: t, hq: hq, hkv: hkv, d: d, p: p, sharedPrefix: bp == 1 && b > 1,
                                         causal: causal, scale: scale ?? 1 / Float(d).squareRoot(),
                                         leftPadding: leftPadding ?? [])
        let empty = Tensor.zeros([1, 0, hkv, d])
        let pk = prefixK ?? empty, pv = prefixV ?? empty
        let out = Tensor.uninitialized(q.shape)
        let probs = Tensor.uninitialized([b, hq, t, p + t])
        geometry.forward(q: q.storage.base, k: k.storage.base, v: v.storage.base, pk: pk.storage.base,
                         pv: pv.storage.base, probs: probs.storage.base, out: out.storage.base)
        let inputs = prefixK == nil ? [q, k, v] : [q, k, v, pk, pv]
        return record(out, op: "attention", inputs: inputs) { g, _ in
            let gq = Tensor.zeros(q.shape), gk = Tensor.zeros(k.shape), gv = Tensor.zeros(v.shape)
            let gpk = Tensor.zeros(pk.shape), gpv = Tensor.zeros(pv.shape)
            geometry.backward(gOut: g.storage.base, q: q.storage.base, k: k.storage.base, v: v.storage.base,
                              pk: pk.storage.base, pv: pv.storage.base, probs: probs.storage.base,
                              gq: gq.storage.base, gk: gk.storage.base, gv: gv.storage.base,
                              gpk: gpk.storage.base, gpv: gpv.storage.base)
            return prefixK == nil ? [gq, gk, gv] : [gq, gk, gv, gpk, gpv]
        }
    }
}

/// Sizes, strides and the per-(batch, head) kernels of one attention call.
struct AttentionGeometry {
    let b: Int, t: Int, hq: Int, hkv: Int, d: Int, p: Int
    let sharedPrefix: Bool, causal: Bool, scale: Float
    /// Masked leading keys per batch row (empty: none).
    let leftPadding: [Int]

    init(b: Int, t: Int, hq: Int, hkv: Int, d: Int, p: Int, sharedPrefix: Bool, causal: Bool, scale: Float, leftPadding: [Int]) {
        (self.b, self.t, self.hq, self.hkv, self.d, self.p) = (b, t, hq, hkv, d, p)
        (self.sharedPrefix, self.causal, self.scale, self.leftPadding) = (sharedPrefix, causal, scale, leftPadding)
    }

    /// Keys per query row: prefix plus new positions.
    var l: Int { p + t }
    var ldq: Int { hq * d }
    var ldkv: Int { hkv * d }

    /// Element offsets of head h of batch row bi in q/out, its key/value head in k/v, and in the prefix.
    func offsets(_ bi: Int, _ h: Int) -> (q: Int, kv: Int, prefix: Int, probs: Int) {
        let g = h / (hq / hkv)
        return ((bi * t * hq + h) * d, (bi * t * hkv + g) * d,
                ((sharedPrefix ? 0 : bi) * p * hkv + g) * d, (bi * hq + h) * t * l)
    }

    /// Query rows are processed in blocks of this many; under a causal mask a block only needs the keys up to
    /// its last row, which skips most of the masked upper triangle's work.
    static let queryBlock = 64

    /// The blocks of query rows and, for each, how many of the new keys it can see.
    func blocks() -> [(start: Int, end: Int, keys: Int)] {
        stride(from: 0, to: t, by: Self.queryBlock).map { start in
            let end = Swift.min(start + Self.queryBlock, t)
            return (start, end, causal ? end : t)
        }
    }

    func forward(q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
                 pk: UnsafePointer<Float>, pv: UnsafePointer<Float>,
                 probs: UnsafeMutablePointer<Float>, out: UnsafeMutablePointer<Float>) {
        let first = { (bi: Int) in leftPadding.isEmpty ? 0 : leftPadding[bi] }
        for bi in 0..<b {
            for h in 0..<hq {
                let o = offsets(bi, h)
                for (start, end, keys) in blocks() {
                    let rows = end - start, s = probs + o.probs + start * l, qs = q + o.q + start * ldq
                    if p > 0 {
                        BLAS.gemm(transA: false, transB: true, m: rows, n: p, k: d, alpha: scale,
                                  a: qs, lda: ldq, b: pk + o.prefix, ldb: ldkv, c: s, ldc: l)
                    }
                    BLAS.gemm(transA: false, transB: true, m: rows, n: keys, k: d, alpha: scale,
                              a: qs, lda: ldq, b: k + o.kv, ldb: ldkv, c: s + p, ldc: l)
                    // Softmax over the visible keys [first, last) of each row only; the masked rest is 0.
                    for i in start..<end {
                        let row = s + (i - start) * l, last = causal ? p + i + 1 : l
                        guard last > first(bi) else { row.update(repeating: 0, count: l); continue }
                        if first(bi) > 0 { row.update(repeating: 0, count: first(bi)) }
                        Tensor.softmaxRows(row + first(bi), row + first(bi), rows: 1, n: last - first(bi))
                        if last < l { (row + last).update(repeating: 0, count: l - last) }
                    }
                    let os = out + o.q + start * ldq
                    if p > 0 {
                        BLAS.gemm(transA: false, transB: false, m: rows, n: d, k: p,
                                  a: s, lda: l, b: pv + o.prefix, ldb: ldkv, c: os, ldc: ldq)
                    }
                    BLAS.gemm(transA: false, transB: false, m: rows, n: d, k: keys,
                              a: s + p, lda: l, b: v + o.kv, ldb: ldkv, beta: p > 0 ? 1 : 0, c: os, ldc: ldq)
                }
            }
        }
    }

    /// Accumulates into gk, gv, gpk, gpv (zeroed by the caller) and writes gq.
    func backward(gOut: UnsafePointer<Float>, q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
                  pk: UnsafePointer<Float>, pv: UnsafePointer<Float>, probs: UnsafePointer<Float>,
                  gq: UnsafeMutablePointer<Float>, gk: UnsafeMutablePointer<Float>, gv: UnsafeMutablePointer<Float>,
                  gpk: UnsafeMutablePointer<Float>, gpv: UnsafeMutablePointer<Float>) {
        let ds = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(Self.queryBlock * l, 1))
        defer { ds.deallocate() }
        for bi in 0..<b {
            for h in 0..<hq {
                let o = offsets(bi, h)
                for (start, end, keys) in blocks() {
                    let rows = end - start, visible = p + keys
                    let s = probs + o.probs + start * l, go = gOut + o.q + start * ldq, qs = q + o.q + start * ldq
                    // dP = dO · [Vₚ; V]ᵀ
                    if p > 0 {
                        BLAS.gemm(transA: false, transB: true, m: rows, n: p, k: d,
                                  a: go, lda: ldq, b: pv + o.prefix, ldb: ldkv, c: ds, ldc: l)
                    }
                    BLAS.gemm(transA: false, transB: true, m: rows, n: keys, k: d,
                              a: go, lda: ldq, b: v + o.kv, ldb: ldkv, c: ds + p, ldc: l)
                    // d[Vₚ; V] += Pᵀ · dO
                    if p > 0 {
                        BLAS.gemm(transA: true, transB: false, m: p, n: d, k: rows,
                                  a: s, lda: l, b: go, ldb: ldq, beta: 1, c: gpv + o.prefix, ldc: ldkv)
                    }
                    BLAS.gemm(transA: true, transB: false, m: keys, n: d, k: rows,
                              a: s + p, lda: l, b: go, ldb: ldq, beta: 1, c: gv + o.kv, ldc: ldkv)
                    // dS = P ⊙ (dP − rowsum(dP ⊙ P)) · scale over the visible columns
                    for i in 0..<rows {
                        let pr = s + i * l, dr = ds + i * l
                        var dot: Float = 0
                        for j in 0..<visible { dot += pr[j] * dr[j] }
                        for j in 0..<visible { dr[j] = pr[j] * (dr[j] - dot) * scale }
                    }
                    // dQ = dS · [Kₚ; K]
                    let gqs = gq + o.q + start * ldq
                    if p > 0 {
                        BLAS.gemm(transA: false, transB: false, m: rows, n: d, k: p,
                                  a: ds, lda: l, b: pk + o.prefix, ldb: ldkv, c: gqs, ldc: ldq)
                    }
                    BLAS.gemm(transA: false, transB: false, m: rows, n: d, k: keys,
                              a: ds + p, lda: l, b: k + o.kv, ldb: ldkv, beta: p > 0 ? 1 : 0, c: gqs, ldc: ldq)
                    // d[Kₚ; K] += dSᵀ · Q
                    if p > 0 {
                        BLAS.gemm(transA: true, transB: false, m: p, n: d, k: rows,
                                  a: ds, lda: l, b: qs, ldb: ldq, beta: 1, c: gpk + o.prefix, ldc: ldkv)
                    }
                    BLAS.gemm(transA: true, transB: false, m: keys, n: d, k: rows,
                              a: ds + p, lda: l, b: qs, ldb: ldq, beta: 1, c: gk + o.kv, ldc: ldkv)
                }
            }
        }
    }
}
