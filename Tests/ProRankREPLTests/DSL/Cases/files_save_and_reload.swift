// swiftc: skip (notebook builtins)
// saveRun writes into the output folder; loadRun finds the file there in a later statement (TREC and BEIR JSON).
let run = loadRun("files/two.trec")
saveRun(run, to: "copy.trec")
saveRun(run, to: "copy.json")
let trec = loadRun("copy.trec")
let json = loadRun("copy.json")
print(trec.ranking("q1").map { $0.id }, json.ranking("q2").map { $0.id }) // expect: ["d2", "d1"] ["d3", "d4"]
print(trec.ranking("q2")[0].score) // expect: 3.0
