// Autoregressive generation with a KV cache: prefill the prompt once, then one position per step.

extension DecoderLM {
    /// Generates up to `maxNewTokens` tokens after `prompt`, stopping after the first token in `stopTokens`
    /// (which is included in the result), or when `shouldContinue` — asked after each token with the tokens so
    /// far — answers false (a host's Ctrl-C). Runs without autodiff.
    public func generate(prompt: [Int], maxNewTokens: Int, sampler: inout Sampler, stopTokens: Set<Int> = [],
                         shouldContinue: ([Int]) -> Bool = { _ in true }) -> [Int] {
        precondition(!prompt.isEmpty, "DecoderLM.generate: empty prompt")
        guard maxNewTokens > 0 else { return [] }
        return withoutGrad {
            var out = forward([prompt], keepCache: true)
            var position = prompt.count - 1
            var generated: [Int] = []
            while true {
                let row = logits(out.hidden, positions: [position])
                let token = sampler.sample(UnsafeBufferPointer(row.storage.buffer))
                generated.append(token)
                if generated.count == maxNewTokens || stopTokens.contains(token) || !shouldContinue(generated) { return generated }
                out = forward([[token]], cache: out.cache, keepCache: true)
                position = 0
            }
        }
    }
}
