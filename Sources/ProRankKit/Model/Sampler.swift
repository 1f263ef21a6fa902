// Choosing the next token from logits: greedy, or seeded sampling with temperature, top-k and top-p.

import Foundation

/// Picks the next token from a row of logits.
///
/// Temperature 0 is greedy (the first maximum). Otherwise the logits are divided by the temperature, restricted
/// to the `topK` most likely tokens (0 = no limit) and then to the smallest set whose probability reaches `topP`
/// (1 = no limit; the most likely token always stays), renormalised, and sampled with the sampler's own seeded
/// generator — as transformers' `TemperatureLogitsWarper` → `TopKLogitsWarper` → `TopPLogitsWarper`.
public struct Sampler {
    public var temperature: Float
    public var topK: Int
    public var topP: Float
    public var rng: SeededRNG

    public init(temperature: Float = 0, topK: Int = 0, topP: Float = 1, seed: UInt64 = 0) {
        precondition(temperature >= 0, "Sampler: temperature must be ≥ 0, got \(temperature)")
        precondition(topP > 0 && topP <= 1, "Sampler: topP must be in (0, 1], got \(topP)")
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        rng = SeededRNG(seed: seed)
    }

    /// A greedy sampler.
    public static var greedy: Sampler { Sampler() }

    /// The chosen token id for one row of logits.
    public mutating func sample(_ logits: UnsafeBufferPointer<Float>) -> Int {
        precondition(!logits.isEmpty, "Sampler.sample: empty logits")
        if temperature == 0 {
            var best = 0
            for i in 1..<logits.count where logits[i] > logits[best] { best = i }
            return best
        }
        var order = Array(0..<logits.count)
        order.sort { logits[$0] > logits[$1] || (logits[$0] == logits[$1] && $0 < $1) }
        if topK > 0 && topK < order.count { order.removeSubrange(topK...) }
        let m = Double(logits[order[0]])
        var weights = order.map { Foundation.exp((Double(logits[$0]) - m) / Double(temperature)) }
        let total = weights.reduce(0, +)
        if topP < 1 {
            var cumulative = 0.0, keep = 0
            while keep < weights.count {
                cumulative += weights[keep] / total
                keep += 1
                if cumulative >= Double(topP) { break }
            }
            order.removeSubrange(keep...)
            weights.removeSubrange(keep...)
        }
        let kept = weights.reduce(0, +)
        var u = rng.nextDouble() * kept
        for (id, w) in zip(order, weights) {
            u -= w
            if u < 0 { return id }
        }
        return order[order.count - 1]
    }

    public mutating func sample(_ logits: [Float]) -> Int { logits.withUnsafeBufferPointer { sample($0) } }
}
