// Sampling a group of completions of one prompt, as GRPO needs them: the prompt is prefilled once and its keys and
// values serve every continuation (a batch-1 cache broadcast over G rows).

extension DecoderLM {
    /// G completions of one prompt and the logits at the prompt's last position.
    public struct SampledGroup {
        /// Each completion's tokens, up to and including its first stop token (at most `maxNewTokens`).
        public let completions: [[Int]]
        /// Logits [V] at the prompt's last position (the distribution of every completion's first token).
        public let promptLogits: [Float]
    }

    /// Samples `count` completions of `prompt` with `sampler` (temperature, top-k, top-p; its generator advances
    /// row by row, token by token, so a seed gives the same group). A row stops after a token in `stopTokens` or
    /// after `maxNewTokens`; finished rows are carried along (their later tokens are discarded). No autodiff.
    public func sampleGroup(prompt: [Int], count: Int, maxNewTokens: Int, sampler: inout Sampler,
                            stopTokens: Set<Int>) -> SampledGroup {
        precondition(!prompt.isEmpty && count >= 1 && maxNewTokens >= 1,
                     "DecoderLM.sampleGroup: needs a prompt, count ≥ 1 and maxNewTokens ≥ 1")
        return withoutGrad {
            let prefill = forward([prompt], keepCache: true)
            let first = logits(prefill.hidden, positions: [prompt.count - 1]).scalars
            var completions = (0..<count).map { _ in [sampler.sample(first)] }
            var done = completions.map { stopTokens.contains($0[0]) }
            var cache = prefill.cache
            let v = config.vocabularySize
            while completions[0].count < maxNewTokens, done.contains(false) {
                let step = forward(completions.map { [$0.last!] }, cache: cache, keepCache: true)
                cache = step.cache
                let rows = logits(step.hidden, positions: [0]).scalars   // [G, 1, V]
                for r in 0..<count {
                    let token = rows.withUnsafeBufferPointer { sampler.sample(UnsafeBufferPointer(rebasing: $0[(r * v)..<((r + 1) * v)])) }
                    completions[r].append(token)
                    if !done[r] && stopTokens.contains(token) { done[r] = true }
                }
            }
            // Cut each row after its first stop token.
            let cut = completions.map { row -> [Int] in
                guard let stop = row.firstIndex(where: stopTokens.contains) else { return row }
                return Array(row[...stop])
            }
            return SampledGroup(completions: cut, promptLogits: first)
        }
    }
}
