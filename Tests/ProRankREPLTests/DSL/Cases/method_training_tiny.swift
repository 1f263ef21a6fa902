// swiftc: skip (notebook builtins)
// The method on a tiny model made in the notebook: pretraining, GRPO with a reward written here (called by the
// kernel for every sampled completion), score learning, SFT; each result has a model and a log of named series.
let ds = synthetic(topics: 3, docsPerTopic: 6, seed: 2)
let tiny = tinyModel(ds, hiddenSize: 32, layers: 1, seed: 1)
let lm = pretrain(tiny, ds, steps: 3, batchSize: 2, contextLength: 16)
print(lm.steps, lm.log["loss"].count, lm.log.names.contains("perplexity")) // expect: 3 3 true
var calls = 0
func anyDigit(_ r: RewardContext) -> Double {
    calls += 1
    return r.completion.contains("0") || r.completion.contains("1") ? 1 : 0
}
let warm = grpo(lm.model, ds, split: "train", groupSize: 2, promptsPerStep: 2, steps: 2, maxNewTokens: 2, rewards: [formatReward, anyDigit], rewardWeights: [1, 0.5], maxDocumentTokens: 16)
print(calls, warm.log.count, warm.log["reward/anyDigit"].count, warm.log["zero_spread"].allSatisfy { $0 >= 0 && $0 <= 1 }) // expect: 8 2 2 true
let fine = scoreLearning(warm.model, ds, split: "train", loss: .pairwise, negatives: 2, steps: 2, trainable: .lastLayers(1), maxDocumentTokens: 16)
print(fine.log["loss"].count, fine.model.layerCount) // expect: 2 1
let lora = sft(lm.model, ds, split: "train", steps: 1, pairsPerStep: 2, trainable: .lora(rank: 2, targets: ["q_proj", "v_proj"]), maxDocumentTokens: 16)
print(lora.log.last("accuracy") != nil, lora.log.last("nothing") == nil) // expect: true true
print(runs(kind: "grpo").count) // expect: 1
