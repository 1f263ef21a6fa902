// swiftc: skip (notebook builtins)
// A BEIR collection is a folder.
let ds = beir("files/small.qrels") // expect error: 3:10 beir: "files/small.qrels" is a file; a BEIR collection is a folder with corpus.jsonl, queries.jsonl and qrels/
