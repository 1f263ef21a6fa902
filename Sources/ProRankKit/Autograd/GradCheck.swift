// Finite-difference gradient checking: the reference every op's backward is tested against.

/// Compares autodiff gradients with central finite differences.
///
/// The function under test maps input tensors to any tensor y; it is reduced to the scalar
/// `L = Σᵢ wᵢ·yᵢ` with fixed random weights w (so every output element matters, with different weights), and
/// for each input element xⱼ the numeric derivative `(L(xⱼ+ε) − L(xⱼ−ε)) / 2ε` (L accumulated in Double) is
/// compared with the analytic ∂L/∂xⱼ from `backward()`.
///
/// An element passes when `|analytic − numeric| ≤ absTolerance + relTolerance·|numeric|`. Float32 rounding
/// over ε = 1e-2 gives numeric errors around 1e-4; a wrong gradient formula gives errors of order 1.
///
/// ### References
/// The `test-backend-ops` gradient mode of llama.cpp; micrograd's per-op checks.
public enum GradCheck {
    public struct Mismatch: CustomStringConvertible, Sendable {
        public let input: Int, element: Int
        public let analytic: Double, numeric: Double
        public var description: String { "input \(input) element \(element): analytic \(analytic), numeric \(numeric)" }
    }

    public struct Report: CustomStringConvertible, Sendable {
        /// Every element that failed the tolerance (empty when the check passed).
        public let mismatches: [Mismatch]
        /// Largest |analytic − numeric| over all checked elements.
        public let maxAbsError: Double
        /// Number of input elements checked.
        public let checked: Int
        public var passed: Bool { mismatches.isEmpty && checked > 0 }
        public var description: String {
            "GradCheck: \(checked) elements, max |error| \(maxAbsError), \(mismatches.count) mismatches"
                + mismatches.prefix(5).map { "\n  \($0)" }.joined()
        }
    }

    /// Checks the gradients of `f` with respect to every input whose `requiresGrad` is set (others are held
    /// fixed, e.g. index tensors or masks). Inputs are perturbed in place and restored.
    public static func check(
        _ inputs: [Tensor], epsilon: Float = 1e-2, absTolerance: Double = 2e-3, relTolerance: Double = 1e-2,
        seed: UInt64 = 0x5EED, _ f: ([Tensor]) -> Tensor
    ) -> Report {
        var rng = SeededRNG(seed: seed)
        for x in inputs { x.zeroGrad() }
        let y = f(inputs)
        let weights = Tensor.normal(y.shape, rng: &rng)
        (y * weights).sum().backward()

        func objective() -> Double {
            let out = withoutGrad { f(inputs) }
            var acc: Double = 0
            for i in 0..<out.count { acc += Double(out.storage.base[i]) * Double(weights.storage.base[i]) }
            return acc
        }

        var mismatches: [Mismatch] = []
        var maxError: Double = 0
        var checked = 0
        for (index, x) in inputs.enumerated() where x.requiresGrad {
            let analytic = x.grad
            for j in 0..<x.count {
                let saved = x.storage.base[j]
                x.storage.base[j] = saved + epsilon
                let up = objective()
                x.storage.base[j] = saved - epsilon
                let down = objective()
                x.storage.base[j] = saved
                // The perturbed value actually stored differs from saved ± ε by rounding; divide by that.
                let step = Double(saved + epsilon) - Double(saved - epsilon)
                let numeric = (up - down) / step
                let a = Double(analytic?.storage.base[j] ?? 0)
                let error = abs(a - numeric)
                maxError = Swift.max(maxError, error)
                checked += 1
                if error > absTolerance + relTolerance * abs(numeric) {
                    mismatches.append(Mismatch(input: index, element: j, analytic: a, numeric: numeric))
                }
            }
        }
        for x in inputs { x.zeroGrad() }
        return Report(mismatches: mismatches, maxAbsError: maxError, checked: checked)
    }
}
