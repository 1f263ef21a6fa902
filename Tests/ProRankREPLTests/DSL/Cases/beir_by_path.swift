// swiftc: skip (notebook builtins)
// A path to a collection inside the allowed folders works as well as its name.
let ds = beir("data/tiny")
print(ds.name, ds.corpus.count) // expect: tiny 6
