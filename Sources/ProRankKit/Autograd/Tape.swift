// Reverse-mode autodiff. Every recorded op attaches a `GradNode` (its inputs and its backward closure) to its
// output; the nodes reachable from a scalar, in reverse topological order, are the tape that `backward()` plays.

/// One recorded op: the inputs it read and how to turn the gradient of its output into theirs.
final class GradNode {
    let op: String
    private(set) var inputs: [Tensor]
    /// `(gradOutput, output) -> gradient per input` (nil where an input needs none). Runs without grad mode.
    private(set) var backward: (Tensor, Tensor) -> [Tensor?]

    init(op: String, inputs: [Tensor], backward: @escaping (Tensor, Tensor) -> [Tensor?]) {
        self.op = op
        self.inputs = inputs
        self.backward = backward
    }

    /// Frees the graph behind a dying tensor with an explicit stack. Plain reference counting would free a
    /// chain of N ops with N nested deinit calls, which overflows the thread's stack on deep graphs.
    static func dismantle(_ root: GradNode) {
        var nodes = [root]
        while let node = nodes.popLast() {
            var inputs = node.inputs
            node.inputs = []
            node.backward = { _, _ in [] }     // drops the closure's references to the inputs
            while var input = inputs.popLast() {
                // An input that dies here would free its own node recursively: take that node over instead.
                if isKnownUniquelyReferenced(&input), let next = input.gradNode {
                    input.gradNode = nil
                    nodes.append(next)
                }
            }
        }
    }
}

extension Tensor {
    /// Records `output` as produced by `op` from `inputs` when grad mode is on and any input tracks gradients.
    /// The backward closure receives the output's gradient and the output itself (so it need not capture it,
    /// which would make a reference cycle).
    @discardableResult
    static func record(_ output: Tensor, op: String, inputs: [Tensor], backward: @escaping (Tensor, Tensor) -> [Tensor?]) -> Tensor {
        if GradMode.enabled, inputs.contains(where: { $0.tracksGrad }) {
            output.gradNode = GradNode(op: op, inputs: inputs, backward: backward)
            output.requiresGrad = true
        }
        return output
    }

    /// Back-propagates from this scalar: adds d(self)/d(leaf) into `grad` of every reachable leaf with
    /// `requiresGrad` (accumulating across calls). Intermediate gradients are freed as soon as they are used.
    public func backward() {
        precondition(count == 1, "backward: needs a scalar, got shape \(shape)")
        backward(seed: Tensor.ones(shape))
    }

    /// Back-propagates a given output gradient `seed` (same shape as self).
    public func backward(seed: Tensor) {
        precondition(seed.shape == shape, "backward: seed shape \(seed.shape) does not match \(shape)")
        guard tracksGrad else { return }
        let order = topologicalOrder()
        var grads: [ObjectIdentifier: Tensor] = [ObjectIdentifier(self): seed]
        withoutGrad {
            for tensor in order.reversed() {
                guard var g = grads.removeValue(forKey: ObjectIdentifier(tensor)) else { continue }
                guard let node = tensor.gradNode else {
                    // Adopt the gradient's memory only when nothing else can see it (an identity backward
                    // hands the same tensor to several inputs); otherwise the leaf gets its own copy.
                    let unique = isKnownUniquelyReferenced(&g) && isKnownUniquelyReferenced(&g.storage)
                    tensor.accumulateGrad(g, adopt: unique)
                    continue
                }
                let inputGrads = node.backward(g, tensor)
                precondition(inputGrads.count == node.inputs.count, "backward of \(node.op): \(inputGrads.count) gradients for \(node.inputs.count) inputs")
                for (input, ig) in zip(node.inputs, inputGrads) {
                    guard let ig, input.tracksGrad else { continue }
                    precondition(ig.shape == input.shape, "backward of \(node.op): gradient shape \(ig.shape) for input \(input.shape)")
                    let key = ObjectIdentifier(input)
                    if let existing = grads[key] { grads[key] = existing + ig } else { grads[key] = ig }
                }
            }
        }
    }

    private func accumulateGrad(_ g: Tensor, adopt: Bool) {
        guard requiresGrad else { return }
        if let grad {
            let dst = grad.storage.base, src = g.storage.base
            for i in 0..<count { dst[i] += src[i] }
        } else {
            grad = adopt && g.storage !== storage ? g : g.copy()
        }
    }

    /// Tensors reachable from self through recorded nodes, inputs before the tensors made from them.
    private func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        // Iterative DFS (graphs of deep models are too deep for recursion): (tensor, inputs expanded?).
        var stack: [(Tensor, Bool)] = [(self, false)]
        while let (t, expanded) = stack.popLast() {
            if expanded { order.append(t); continue }
            guard visited.insert(ObjectIdentifier(t)).inserted else { continue }
            stack.append((t, true))
            for input in t.gradNode?.inputs ?? [] where input.tracksGrad && !visited.contains(ObjectIdentifier(input)) {
                stack.append((input, false))
            }
        }
        return order
    }
}
