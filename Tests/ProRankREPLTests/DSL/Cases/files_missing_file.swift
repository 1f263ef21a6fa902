// swiftc: skip (notebook builtins)
// A relative path is looked up in the notebook's folder, then in the output folder.
let qrels = loadQrels("files/absent.qrels") // expect error: 3:13 loadQrels: no file "files/absent.qrels" (looked in the notebook folder $CASES and the output folder $OUT)
