// swiftc: skip (notebook builtins)
// Writes go to the output folder only: not beside the notebook, not through '..'.
let run = loadRun("files/two.trec")
saveRun(run, to: "../escape.trec") // expect error: 4:1 saveRun: cannot write "../escape.trec": notebooks write only under the output folder ($OUT); hint: give a name relative to it
