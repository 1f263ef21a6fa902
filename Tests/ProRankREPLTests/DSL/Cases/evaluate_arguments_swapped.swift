// swiftc: skip (notebook builtins)
// evaluate takes the run first, then the judgements.
let qrels = loadQrels("files/small.qrels")
let run = loadRun("files/two.trec")
let m = evaluate(qrels, run) // expect error: 5:9 evaluate: the first argument must be a run (index.search(…)), not 'Qrels'
