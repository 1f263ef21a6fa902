// swiftc: skip (notebook builtins)
// What trains is .all, .lastLayers(n) or .lora(…); other values with arguments are named in the error.
let ds = synthetic(topics: 2, docsPerTopic: 4, seed: 1)
let tiny = tinyModel(ds, hiddenSize: 16, layers: 1)
let fine = scoreLearning(tiny, ds, trainable: .firstLayers(1)) // expect error: 5:48 '.firstLayers(…)' is not a value the notebook knows; values with arguments: .lastLayers(n), .lora(rank:alpha:dropout:targets:)
