// swiftc: skip (notebook builtins)
// A run compared with itself: every difference is 0, so t = 0 and both p-values are 1.
let qrels = loadQrels("files/small.qrels")
let a = evaluate(loadRun("files/two.trec"), qrels, metrics: ["mrr"])
let c = compare(a, a, metric: "mrr", trials: 100, seed: 3)
print(c.t, c.tTestP, c.randomizationP) // expect: 0.0 1.0 1.0
