// swiftc: skip (notebook builtins)
// A reward function must return a number; the kernel stops training at the first wrong value.
let ds = synthetic(topics: 2, docsPerTopic: 4, seed: 1)
let tiny = tinyModel(ds, hiddenSize: 16, layers: 1)
func verdict(_ r: RewardContext) -> String { r.completion }
let warm = grpo(tiny, ds, groupSize: 2, promptsPerStep: 2, steps: 1, rewards: [verdict], maxDocumentTokens: 8) // expect error: 6:12 a reward function must return a Double, not 'String'
