// swiftc: skip (notebook builtins)
// A paired comparison on P@1 over two queries (differences 1 and 0): t = 1 with 1 degree of freedom, p = 0.5;
// the exact randomization test over all 4 sign patterns gives p = 1.
let qrels = loadQrels("files/small.qrels")
let a = evaluate(loadRun("files/two.trec"), qrels, metrics: ["P@1"])
let b = evaluate(loadRun("files/better.trec"), qrels, metrics: ["P@1"])
let c = compare(a, b, metric: "P@1")
print(c) // expect: Comparison(P@1 over 2 queries: A 0.5000, B 1.0000, B − A +0.5000; paired t p = 0.5000, exact randomization p = 1.0000; not significant at 0.05)
print(c.meanDifference, c.t, c.isSignificant) // expect: 0.5 1.0 false
