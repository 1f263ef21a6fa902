// Rewards of GRPO's sampled answers (reference/method.md, "Stage 1", step 2): the built-in format, accuracy and
// confidence rewards, and any closure a researcher writes, each with a weight.

import Foundation

/// What a reward function sees of one sampled completion.
public struct RewardContext: Sendable {
    /// The completion's text with the end marker removed and surrounding whitespace stripped.
    public let completion: String
    /// The sampled token ids, end marker included when one was sampled.
    public let completionIDs: [Int]
    /// The gold label (1 relevant, 0 not).
    public let label: Int
    public let query: String
    public let document: String
    /// p("0") and p("1") under the policy's softmax over the whole vocabulary at the answer slot (the prompt's
    /// last position, temperature 1), when the completion was sampled.
    public let probabilityZero: Double
    public let probabilityOne: Double

    public init(completion: String, completionIDs: [Int], label: Int, query: String, document: String,
                probabilityZero: Double, probabilityOne: Double) {
        (self.completion, self.completionIDs, self.label, self.query, self.document) = (completion, completionIDs, label, query, document)
        (self.probabilityZero, self.probabilityOne) = (probabilityZero, probabilityOne)
    }

    /// Whether the completion is exactly "0" or "1".
    public var isWellFormed: Bool { completion == "0" || completion == "1" }
    /// The answer as a label, nil when malformed.
    public var answer: Int? { isWellFormed ? Int(completion) : nil }
}

/// A named, weighted reward function. Rewards of one completion are summed with their weights.
public struct Reward: @unchecked Sendable {
    public let name: String
    public var weight: Double
    /// The reward of one completion; a throw stops training with the error (e.g. a notebook closure's).
    public let function: (RewardContext) throws -> Double

    public init(name: String, weight: Double = 1, _ function: @escaping (RewardContext) throws -> Double) {
        (self.name, self.weight, self.function) = (name, weight, function)
    }

    /// The same reward with another weight.
    public func weighted(_ weight: Double) -> Reward { Reward(name: name, weight: weight, function) }

    /// 1 when the completion, stripped of whitespace and the end marker, is exactly "0" or "1", else 0.
    public static let format = Reward(name: "format") { $0.isWellFormed ? 1 : 0 }

    /// 1 when the completion equals the gold label, else 0.
    public static let accuracy = Reward(name: "accuracy") { $0.answer == $0.label ? 1 : 0 }

    /// The probability the policy gives the gold answer among "0" and "1": p(gold) / (p("0") + p("1")) =
    /// σ(±s) with s = z["1"] − z["0"] at the answer slot. Dense (it moves with every update, where accuracy is 0 or 1),
    /// but a function of the prompt only: all G completions of a group get the same value, so under GRPO's
    /// group-mean baseline it adds nothing to the advantages — it cannot restore a spread in a group whose answers
    /// all agree. It acts with `GRPOParameters.baseline = .batch` (prompts compared with each other), and the logged
    /// reward shows how confident the policy is.
    public static let confidence = Reward(name: "confidence") { r in
        let mass = r.probabilityZero + r.probabilityOne
        guard mass > 0 else { return 0.5 }
        return (r.label == 1 ? r.probabilityOne : r.probabilityZero) / mass
    }
}
