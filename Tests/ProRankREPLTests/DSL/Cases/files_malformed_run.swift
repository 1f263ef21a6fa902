// swiftc: skip (notebook builtins)
// A malformed line is reported with its file and line number.
let run = loadRun("files/malformed.trec") // expect error: 3:11 loadRun: $CASES/files/malformed.trec:1: expected `qid Q0 docid rank score tag`, got 4 fields
