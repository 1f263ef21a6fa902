// swiftc: skip (notebook builtins)
// The synthetic generator's sizes are checked before it runs.
let ds = synthetic(topics: 1, seed: 7) // expect error: 3:10 synthetic: topics must be between 2 and 1000, got 1
