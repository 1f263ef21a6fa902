// Learning-rate schedules: constant, and linear warm-up followed by cosine or linear decay.

import Foundation

/// A learning rate as a function of the step, as a multiple of the base rate (Hugging Face `transformers`
/// `get_*_schedule_with_warmup` conventions; `step` counts from 0).
///
/// ```
/// warm-up (step < w):   f = step / w
/// cosine:               f = ½ · (1 + cos(π · (step − w) / (total − w)))
/// linear:               f = max(0, (total − step) / (total − w))
/// ```
public enum LearningRateSchedule: Sendable, Equatable {
    case constant
    case warmupCosine(warmupSteps: Int, totalSteps: Int)
    case warmupLinear(warmupSteps: Int, totalSteps: Int)

    /// The factor applied to the base learning rate at `step`.
    public func factor(at step: Int) -> Float {
        switch self {
        case .constant:
            return 1
        case .warmupCosine(let warmup, let total):
            if step < warmup { return Float(step) / Float(Swift.max(1, warmup)) }
            let progress = Double(step - warmup) / Double(Swift.max(1, total - warmup))
            return Float(Swift.max(0, 0.5 * (1 + cos(Double.pi * progress))))
        case .warmupLinear(let warmup, let total):
            if step < warmup { return Float(step) / Float(Swift.max(1, warmup)) }
            return Swift.max(0, Float(total - step) / Float(Swift.max(1, total - warmup)))
        }
    }

    /// The learning rate at `step` for base rate `base`.
    public func learningRate(base: Float, at step: Int) -> Float { base * factor(at: step) }
}
