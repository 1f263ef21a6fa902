// swiftc: skip (notebook builtins)
// beir takes a collection name under PRORANK_DATA or a path inside the allowed folders: `..` escapes are refused.
let ds = beir("../../../../../../../../../../etc") // expect error: 3:10 beir: "../../../../../../../../../../etc" is outside the folders a notebook may use (it resolves to /etc): notebook folder $CASES, PRORANK_DATA $DATA, model cache $MODELS, output folder $OUT; hint: copy the file into one of them
