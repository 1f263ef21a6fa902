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
        // OpenBLAS 0.3.21 runs A·Bᵀ with few rows (a batch of activations times a [out, in] weight) slowly: 70.7
        // GFLOP/s for m = 64, n = k = 1024 against 92.7 for the mirrored shape; computing Cᵀ = B·Aᵀ and transposing
        // the small result is faster. At m = 256 both shapes ran at ~100 GFLOP/s (measured), hence m ≤ 128.
        let mirrored = transposeB && !transposeA && m * 4 <= n && m <= 128
        let scratch = mirrored ? UnsafeMutablePointer<Float>.allocate(capacity: m * n) : nil
        defer { scratch?.deallocate() }
        for i in 0..<nb {
            let pa = a.storage.base + i * strideA, pb = b.storage.base + i * strideB, pc = out.storage.base + i * m * n
            if let scratch {
                BLAS.gemm(transA: false, transB: true, m: n, n: m, k: k, a: pb, lda: bCols, b: pa, ldb: aCols, c: scratch, ldc: m)
                transpose(scratch, rows: n, columns: m, into: pc)
            } else {
                BLAS.gemm(transA: transposeA, transB: transposeB, m: m, n: n, k: k,
                          a: pa, lda: aCols, b: pb, ldb: bCols, c: pc, ldc: n)
            }
        }
        return out
    }

    /// Writes the transpose of a row-major rows×columns matrix, in cache-sized tiles.
    static func transpose(_ src: UnsafePointer<Float>, rows: Int, columns: Int, into dst: UnsafeMutablePointer<Float>) {
        let tile = 32
        for r0 in stride(from: 0, to: rows, by: tile) {
            for c0 in stride(from: 0, to: columns, by: tile) {
                for r in r0..<Swift.min(r0 + tile, rows) {
                    for c in c0..<Swift.min(c0 + tile, columns) { dst[c * rows + r] = src[r * columns + c] }
                }
            }
        }
    }
}
