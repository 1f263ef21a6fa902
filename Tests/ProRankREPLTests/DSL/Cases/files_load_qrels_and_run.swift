// swiftc: skip (notebook builtins)
// TREC qrels and a TREC run from the notebook's folder; the numbers can be checked by hand (files/README.md).
let qrels = loadQrels("files/small.qrels")
print(qrels) // expect: Qrels(small.qrels: 2 queries, 3 judgements)
let run = loadRun("files/two.trec")
print(run.count, run.queryIDs) // expect: 2 ["q1", "q2"]
let metrics = evaluate(run, qrels, metrics: ["P@1", "mrr"])
print(metrics.mean("P@1"), metrics.mean("mrr")) // expect: 0.5 0.75
