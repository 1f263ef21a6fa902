// swiftc: skip (notebook builtins)
// Wrong labels on a builtin show the expected signature.
let ds = synthetic(topics: 4, docsPerTopic: 10, seed: 7)
let run = bm25(ds.corpus).search(ds.queries("test"), k: 5) // expect error: 4:27 incorrect arguments in call: have 'search(_:k:)', expected 'search(_:top:)'
