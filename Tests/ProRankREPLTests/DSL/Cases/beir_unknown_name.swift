// swiftc: skip (notebook builtins)
// A bare name that is not a collection under PRORANK_DATA.
let ds = beir("scifakt") // expect error: 3:10 beir: no collection "scifakt" in PRORANK_DATA ($DATA)
