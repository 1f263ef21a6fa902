// swiftc: skip (notebook builtins)
// fuse: reciprocal rank (k) or linear (weight), one of the two.
let ds = beir("tiny")
let a = bm25(ds.corpus).search(ds.queries("test"), top: 3)
let b = bm25(ds.corpus, k1: 1.5, b: 0.9).search(ds.queries("test"), top: 3)
print(evaluate(fuse(a, b), ds.qrels("test"), metrics: ["ndcg@10"]).mean("ndcg@10")) // expect: 1.0
print(fuse(a, b, weight: 0.3).queryIDs.count) // expect: 3
print(fuse(a, b, k: 60, weight: 0.5)) // expect error: 8:7 fuse: give k (reciprocal-rank fusion) or weight (linear fusion), not both
