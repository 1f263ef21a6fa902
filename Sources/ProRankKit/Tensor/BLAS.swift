// The only file that calls OpenBLAS. Everything else multiplies matrices through `BLAS.gemm` or `matmul`.

import COpenBLAS
import Foundation

/// Thin, pointer-level access to OpenBLAS's single-precision GEMM, plus thread control.
///
/// The thread count comes from `PRORANK_THREADS` (default 1) the first time BLAS is used, and can be changed
/// with `setThreads(_:)`.
public enum BLAS {
    /// Reads `PRORANK_THREADS` once and applies it (lazy, thread-safe static initialisation).
    private static let configured: Void = {
        let requested = ProcessInfo.processInfo.environment["PRORANK_THREADS"].flatMap(Int.init) ?? 1
        openblas_set_num_threads(Int32(Swift.max(1, requested)))
    }()

    /// Number of threads OpenBLAS uses for one call.
    public static var threads: Int {
        _ = configured
        return Int(openblas_get_num_threads())
    }

    /// Sets the OpenBLAS thread count for subsequent calls.
    public static func setThreads(_ n: Int) {
        _ = configured
        openblas_set_num_threads(Int32(Swift.max(1, n)))
    }

    /// The kernel family OpenBLAS selected for this CPU (e.g. "Cooperlake", "Haswell").
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// `C = alpha · op(A) · op(B) + beta · C`, row-major, where op(X) = Xᵀ when its transpose flag is set.
    /// `op(A)` is m×k, `op(B)` is k×n, C is m×n; `lda`, `ldb`, `ldc` are the row strides of the stored
    /// matrices (so sub-matrices of larger rows, e.g. one head of `[T, H, D]`, need no copy).
    @inline(__always)
    public static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        _ = configured
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            // BLAS leaves C untouched when k = 0 only if beta = 1; make the empty product explicit.
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
            return
        }
        cblas_sgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }
}
