// swiftc: skip (notebook builtins)
// An unknown split names the splits there are.
let ds = synthetic(topics: 4, docsPerTopic: 10, seed: 7)
let qs = ds.queries("dev") // expect error: 4:13 synthetic has no split "dev" (splits: test, train)
