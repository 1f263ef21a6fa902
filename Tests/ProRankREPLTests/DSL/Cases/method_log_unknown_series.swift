// swiftc: skip (notebook builtins)
// A training log is read by series name; an unknown name lists the series there are.
let ds = synthetic(topics: 2, docsPerTopic: 4, seed: 1)
let tiny = tinyModel(ds, hiddenSize: 16, layers: 1)
let lm = pretrain(tiny, ds, steps: 1, batchSize: 1, contextLength: 8)
print(lm.log["reward"]) // expect error: 6:7 the training log has no series "reward"; series: grad_norm, learning_rate, loss, perplexity, seconds
