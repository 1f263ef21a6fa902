// swiftc: skip (notebook builtins)
// A DSL closure as BM25's analyzer: the kernel calls back into the interpreter for every document and query.
let ds = synthetic(topics: 4, docsPerTopic: 10, seed: 7)
var calls = 0
let index = bm25(ds.corpus, k1: 1.2, b: 0.75, analyzer: { text in
    calls += 1
    return text.lowercased().split(separator: " ").map { String($0) }
})
print(calls) // expect: 40
print(index) // expect: BM25Index(40 documents, 424 terms, k1 1.2, b 0.75, analyzer notebook)
let run = index.search(ds.queries("test"), top: 5)
print(calls) // expect: 56
