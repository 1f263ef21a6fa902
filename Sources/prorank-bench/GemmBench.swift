// `gemm`: FP32 matrix product throughput, n×n·n×n row-major, configs n256, n1024, n2048 (the peers' `torch.mm` and
// `np.matmul` in ../shared/bench/torch_ref.py). Two lines per size:
//   impl "prorank"          Tensor.matmul, what every model in ProRank calls (allocates its [n, n] result);
//   impl "prorank-rawblas"  BLAS.gemm into a preallocated C: the cblas_sgemm call alone, the ceiling of the former.
// Their ratio (`ratio_to_rawblas`) is the overhead of the tensor layer; the target is ≥ 0.95 at n1024.

import ProRankKit

enum GemmBench {
    static let name = "gemm"
    static let sizes = [256, 1024, 2048]
    /// Untimed calls before calibration (as the peers).
    static let warmup = 2

    static func run(_ context: BenchContext) {
        for n in sizes {
            let config = "n\(n)"
            guard context.wants(config) else { continue }
            progress("gemm \(config)")
            var rng = SeededRNG(seed: UInt64(n))
            let a = Tensor.normal([n, n], rng: &rng), b = Tensor.normal([n, n], rng: &rng)
            let c = TensorStorage(count: n * n, repeating: 0)

            let rawBLAS = {
                BLAS.gemm(transA: false, transB: false, m: n, n: n, k: n,
                          a: a.storage.base, lda: n, b: b.storage.base, ldb: n, c: c.base, ldc: n)
            }
            let matmul = { _ = a.matmul(b) }
            let timed = Timing.timeInterleaved(reps: context.reps, warmup: warmup, [matmul, rawBLAS])
            let flops = 2 * Double(n) * Double(n) * Double(n)
            var ours = line(impl: "prorank", config: config, n: n, timed: timed[0], flops: flops, context: context,
                            note: "Tensor.matmul(a, b) (allocates the result); reps interleaved with prorank-rawblas")
            let raw = line(impl: "prorank-rawblas", config: config, n: n, timed: timed[1], flops: flops, context: context,
                           note: "BLAS.gemm into a preallocated C (cblas_sgemm alone); reps interleaved with prorank")
            ours["ratio_to_rawblas"] = .number(timed[0].rates(work: 1).median / timed[1].rates(work: 1).median)
            ours.emit()
            raw.emit()
        }
    }

    private static func line(impl: String, config: String, n: Int, timed: TimedReps, flops: Double,
                             context: BenchContext, note: String) -> JSONLine {
        var line = JSONLine(impl: impl, bench: name, config: config, metric: "gflops", unit: "GFLOP/s",
                            threads: context.threads, samples: timed.rates(work: flops / 1e9))
        line["shape"] = .array([.int(n), .int(n), .int(n)])
        line["dtype"] = .string("float32")
        line["calls_per_rep"] = .int(timed.callsPerRep)
        line.add(timed.load)
        line["note"] = .string(note)
        return line
    }
}
