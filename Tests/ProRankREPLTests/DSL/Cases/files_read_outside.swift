// swiftc: skip (notebook builtins)
// Reading outside the allowed folders is refused, whatever the path looks like.
let qrels = loadQrels("/etc/passwd") // expect error: 3:13 loadQrels: "/etc/passwd" is outside the folders a notebook may use: notebook folder $CASES, PRORANK_DATA $DATA, model cache $MODELS, output folder $OUT; hint: copy the file into one of them
