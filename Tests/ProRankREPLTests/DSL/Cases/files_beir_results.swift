// swiftc: skip (notebook builtins)
// A .json run is read as BEIR results {qid: {docid: score}}, ranked by score.
let run = loadRun("files/results.json")
for (id, score) in run.ranking("q1") {
    print(id, score)
}
// expect: d1 1.5
// expect: d2 0.5
