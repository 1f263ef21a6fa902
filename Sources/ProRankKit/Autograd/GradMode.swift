// Grad mode: whether ops record themselves for backward. Off inside `withoutGrad` (inference, optimiser
// updates, finite differences), where no tape memory is kept.

public enum GradMode {
    @TaskLocal static var isEnabled = true

    /// Whether ops currently record their backward.
    public static var enabled: Bool { isEnabled }
}

/// Runs `body` with recording off: tensors made inside have no `gradNode` and keep no inputs alive.
///
/// ```swift
/// let logits = withoutGrad { model.logits(ids) }   // inference: no tape memory
/// ```
public func withoutGrad<T>(_ body: () throws -> T) rethrows -> T {
    try GradMode.$isEnabled.withValue(false) { try body() }
}
