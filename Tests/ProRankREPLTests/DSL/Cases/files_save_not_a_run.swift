// swiftc: skip (notebook builtins)
// Only runs can be saved as runs.
let qrels = loadQrels("files/small.qrels")
saveRun(qrels, to: "x.trec") // expect error: 4:1 saveRun: the first argument must be a run (index.search(…) or loadRun(…)), not 'Qrels'
