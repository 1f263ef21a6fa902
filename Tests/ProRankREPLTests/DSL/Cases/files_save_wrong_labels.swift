// swiftc: skip (notebook builtins)
// saveRun's destination is labelled `to:`.
let run = loadRun("files/two.trec")
saveRun(run, "copy.trec") // expect error: 4:1 incorrect arguments in call: have 'saveRun(_:_:)', expected 'saveRun(_:to:)'
