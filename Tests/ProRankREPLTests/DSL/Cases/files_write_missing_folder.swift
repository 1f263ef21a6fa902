// swiftc: skip (notebook builtins)
// A subfolder of the output folder must exist before a run is saved into it.
let run = loadRun("files/two.trec")
saveRun(run, to: "runs/bm25.trec") // expect error: 4:1 saveRun: cannot write "runs/bm25.trec": no folder $OUT/runs
