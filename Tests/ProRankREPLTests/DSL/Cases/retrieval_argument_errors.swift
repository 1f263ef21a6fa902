// swiftc: skip (notebook builtins)
// Kernel preconditions are checked before calling in: errors, not crashes.
let ds = synthetic(topics: 4, docsPerTopic: 10, seed: 7)
print(ds.splits) // expect: ["test", "train"]
let index = bm25(ds.corpus, b: 1.5) // expect error: 5:13 bm25: b must be between 0 and 1, got 1.5
