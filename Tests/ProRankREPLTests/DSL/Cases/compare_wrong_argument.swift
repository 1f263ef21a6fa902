// swiftc: skip (notebook builtins)
// compare takes two evaluations, not runs.
let run = loadRun("files/two.trec")
let c = compare(run, run, metric: "P@1") // expect error: 4:9 compare: argument 1 must be an evaluation (evaluate(run, qrels)), not 'Run'
