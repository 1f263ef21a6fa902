// swiftc: skip (notebook builtins)
// The randomization test's trial count is bounded.
let qrels = loadQrels("files/small.qrels")
let a = evaluate(loadRun("files/two.trec"), qrels, metrics: ["P@1"])
let c = compare(a, a, metric: "P@1", trials: 0) // expect error: 5:9 compare: trials must be between 1 and 1000000, got 0
