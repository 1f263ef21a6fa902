// swiftc: skip (notebook builtins)
// Both evaluations must hold the compared metric.
let qrels = loadQrels("files/small.qrels")
let a = evaluate(loadRun("files/two.trec"), qrels, metrics: ["P@1"])
let c = compare(a, a, metric: "map") // expect error: 5:9 compare: evaluation A has no metric "map" (hint: it has P@1)
