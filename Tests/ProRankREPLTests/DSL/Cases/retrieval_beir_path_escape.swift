// swiftc: skip (notebook builtins)
// beir takes a collection name under PRORANK_DATA: paths and `..` escapes are refused.
let ds = beir("../../etc") // expect error: 3:10 beir: "../../etc" is not a collection name (letters, digits, '-', '_', '.'; no paths)
