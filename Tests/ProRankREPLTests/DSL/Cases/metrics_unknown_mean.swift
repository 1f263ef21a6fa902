// swiftc: skip (notebook builtins)
// Asking an evaluation for a metric it did not compute names the ones it has.
let m = evaluate(loadRun("files/two.trec"), loadQrels("files/small.qrels"), metrics: ["P@1", "mrr"])
print(m.mean("ndcg@10")) // expect error: 4:9 no metric "ndcg@10" in this evaluation (have: P@1, mrr)
