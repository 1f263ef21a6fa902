// swiftc: skip (notebook builtins)
// An analyzer must return [String]; the error points at the closure.
let ds = synthetic(topics: 4, docsPerTopic: 10, seed: 7)
let index = bm25(ds.corpus, analyzer: { text in text.count }) // expect error: 4:39 analyzer must return [String], not 'Int'
