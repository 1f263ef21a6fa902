// Matrix products through OpenBLAS sgemm: 2-D and batched, with optional transposes, and their backward.

extension Tensor {
    /// `op(self) · op(other)` where op(X) = Xᵀ (of the last two axes) when its flag is set.
    ///
    /// Shapes: `op(self)` is `[…, M, K]` and `op(other)` `[…, K, N]`, giving `[…, M, N]`. Leading (batch) axes
    /// must be equal, or one operand may be 2-D and is then shared by every batch element. A batched `self`
    /// times a 2-D `other` runs as one large sgemm over the flattened rows.
    ///
    /// Backward (C = op(A)·op(B)): dA = dC·op(B)ᵀ (transposed back when A was), dB = op(A)ᵀ·dC, summed over
    /// the batch for a shared 2-D operand.
    public func matmul(_ other: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        precondition(rank >= 2 && other.rank >= 2, "matmul: needs rank ≥ 2, got \(shape) and \(other.shape)")
        if rank > 2 && other.rank == 2 && !transposeA {
            let k = shape[rank - 1], m = count / Swift.max(k, 1)
            let flat = reshaped([m, k]).matmul(other, transposeB: transposeB)
            return flat.reshaped(Array(shape.dropLast()) + [flat.shape[1]])
        }
        let out = Tensor.gemmBatched(self, other, transposeA: transposeA, transposeB: transposeB)
        return Tensor.record(out, op: "matmul", inputs: [self, other]) { g, _ in
            let a = self, b = other
            var ga: Tensor?, gb: Tensor?
            if a.tracksGrad {
                ga = transposeA
                    ? Tensor.gemmBatched(b, g, transposeA: transposeB, transposeB: true)
                    : Tensor.gemmBatched(g, b, transposeA: false, transposeB: !transposeB)
                ga = ga!.sumToShape(a.shape)
            }
            if b.tracksGrad {
                gb = transposeB
                    ? Tensor.gemmBatched(g, a, transposeA: true, transposeB: transposeA)
                    : Tensor.gemmBatched(a, g, transposeA: !transposeA, transposeB: false)
                gb = gb!.sumToShape(b.shape)
            }
            return [ga, gb]
        }
    }

    /// The sgemm loop behind `matmul` (records nothing).
    static func gemmBatched(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor {
        let (ra, rb) = (a.rank, b.rank)
        let (aRows, aCols) = (a.shape[ra - 2], a.shape[ra - 1])
        let (bRows, bCols) = (b.shape[rb - 2], b.shape[rb - 1])
        let (m, k) = transposeA ? (aCols, aRows) : (aRows, aCols)
        let (kb, n) = transposeB ? (bCols, bRows) : (bRows, bCols)
        precondition(k == kb, "matmul: inner dimensions differ: \(a.shape)\(transposeA ? "ᵀ" : "") · \(b.shape)\(transposeB ? "ᵀ" : "")")
        let batchA = Array(a.shape.dropLast(2)), batchB = Array(b.shape.dropLast(2))
        precondition(batchA == batchB || batchA.isEmpty || batchB.isEmpty,
                     "matmul: batch dimensions of \(a.shape) and \(b.shape) differ")
        let batch = batchA.isEmpty ? batchB : batchA
        let nb = batch.elementCount
        let out = Tensor.uninitialized(batch + [m, n])
        let strideA = batchA.isEmpty ? 0 : aRows * aCols, strideB = batchB.isEmpty ? 0 : bRows * bCols
        for i in 0..<nb {
            BLAS.gemm(transA: transposeA, transB: transposeB, m: m, n: n, k: k,
                      a: a.storage.base + i * strideA, lda: aCols,
                      b: b.storage.base + i * strideB, ldb: bCols,
                      c: out.storage.base + i * m * n, ldc: n)
        }
        return out
    }
}
