// Clipping of gradients by their global L2 norm.

/// Scales all gradients by `maxNorm / (‖g‖ + 1e-6)` when the global norm ‖g‖ = √(Σ over all parameters of
/// Σ g²) exceeds `maxNorm` (as `torch.nn.utils.clip_grad_norm_`). Returns ‖g‖ before clipping.
@discardableResult
public func clipGradNorm(_ parameters: [Tensor], maxNorm: Float) -> Float {
    var total: Double = 0
    for p in parameters {
        guard let g = p.grad else { continue }
        let pg = g.storage.base
        for j in 0..<g.count { total += Double(pg[j]) * Double(pg[j]) }
    }
    let norm = Float(total.squareRoot())
    let coefficient = maxNorm / (norm + 1e-6)
    if coefficient < 1 {
        for p in parameters {
            guard let g = p.grad else { continue }
            let pg = g.storage.base
            for j in 0..<g.count { pg[j] *= coefficient }
        }
    }
    return norm
}
