// swiftc: skip (notebook builtins)
// Searching one query text gives (id, score) pairs; a wrong argument type names what is expected.
let ds = synthetic(topics: 4, docsPerTopic: 10, seed: 7)
let index = bm25(ds.corpus)
let hits = index.search("firzu velbu", top: 2)
print(hits.count, hits[0].id) // expect: 2 d00
let bad = index.search(42, top: 2) // expect error: 7:17 search: the first argument must be queries (ds.queries("test")) or a query text, not 'Int'
