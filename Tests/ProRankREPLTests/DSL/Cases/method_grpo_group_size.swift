// swiftc: skip (notebook builtins)
// Training parameters are checked before any work: a group of one completion has no reward spread.
let ds = synthetic(topics: 2, docsPerTopic: 4, seed: 1)
let tiny = tinyModel(ds, hiddenSize: 16, layers: 1)
let warm = grpo(tiny, ds, groupSize: 1) // expect error: 5:12 grpo: training: groupSize must be ≥ 2 (a group of one has no reward spread), got 1
