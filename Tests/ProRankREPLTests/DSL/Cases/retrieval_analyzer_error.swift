// swiftc: skip (notebook builtins)
// A runtime error inside a DSL analyzer is reported at the closure's line, with the call that passed it.
let ds = synthetic(topics: 4, docsPerTopic: 10, seed: 7)
let index = bm25(ds.corpus) { text in
    let words = text.split(separator: " ")
    return [String(words[1000])] // expect error: 6:20 index 1000 out of range (count 54)
}
