// Log-probabilities of a group's completions with the prompt shared (reference/method.md, "Efficiency that TRL
// lacks"): the prompt runs once, with gradient, and its keys/values serve all G continuations; backward
// accumulates the G continuations' gradients into the shared prompt through attention's batch-1 prefix.

extension TrainingPolicy {
    /// [G, L] log π(o_t | prompt, o_<t) at `temperature` of every completion token (L = the longest completion;
    /// shorter rows are padded with `padID`, whose entries the caller masks out). Recorded on the tape when grad
    /// mode is on and the policy (not the reference) runs.
    ///
    /// The first token of every completion is predicted at the prompt's last position (one [1, 1, V] row
    /// broadcast to G rows); tokens 1… from the G continuations run over the prompt's cached keys/values.
    public func completionLogProbabilities(prompt: [Int], completions: [[Int]], temperature: Float, padID: Int,
                                           useReference: Bool = false) -> Tensor {
        let g = completions.count, length = completions.map(\.count).max() ?? 0
        precondition(!prompt.isEmpty && g >= 1 && completions.allSatisfy { !$0.isEmpty },
                     "completionLogProbabilities: needs a prompt and non-empty completions")
        let lm = useReference ? reference : model
        let v = lm.config.vocabularySize
        let (trunkHidden, trunkCache) = trunk([prompt], keepCache: true)
        let promptOut = top(trunkHidden, keepCache: true, useReference: useReference)
        var logits = lm.logits(promptOut.hidden, positions: [prompt.count - 1]).expanded(to: [g, 1, v])
        let padded = completions.map { $0 + Array(repeating: padID, count: length - $0.count) }
        if length > 1 {
            let inputs = padded.map { Array($0.dropLast()) }
            let (h, _) = trunk(inputs, cache: trunkCache)
            let out = top(h, cache: promptOut.cache, useReference: useReference)
            logits = Tensor.concat([logits, lm.logits(out.hidden)], axis: 1)
        }
        return logits.reshaped([g * length, v])
            .tokenLogProbabilities(targets: padded.flatMap { $0 }, temperature: temperature)
            .reshaped([g, length])
    }

    /// The same log-probabilities computed one completion at a time over the whole sequence prompt + completion
    /// (what TRL does), padded positions 0. The shared-prompt computation must equal it; tests compare them.
    public func completionLogProbabilitiesUnshared(prompt: [Int], completions: [[Int]], temperature: Float) -> Tensor {
        let length = completions.map(\.count).max() ?? 0
        let rows = completions.map { completion -> Tensor in
            let ids = prompt + completion
            let (h, _) = trunk([ids])
            let hidden = top(h).hidden
            let positions = Array((prompt.count - 1)..<(ids.count - 1))
            let row = model.logits(hidden, positions: positions).reshaped([completion.count, model.config.vocabularySize])
                .tokenLogProbabilities(targets: completion, temperature: temperature).reshaped([1, completion.count])
            return completion.count == length ? row : Tensor.concat([row, Tensor.zeros([1, length - completion.count])], axis: 1)
        }
        return Tensor.concat(rows, axis: 0)
    }
}
