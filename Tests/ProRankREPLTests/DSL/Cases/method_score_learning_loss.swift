// swiftc: skip (notebook builtins)
// The score-learning losses are .listwise, .pointwise, .pairwise and .graded.
let ds = synthetic(topics: 2, docsPerTopic: 4, seed: 1)
let tiny = tinyModel(ds, hiddenSize: 16, layers: 1)
let fine = scoreLearning(tiny, ds, loss: .ranknet) // expect error: 5:12 scoreLearning: argument 3 must be one of .listwise, .pointwise, .pairwise, .graded, not .ranknet
