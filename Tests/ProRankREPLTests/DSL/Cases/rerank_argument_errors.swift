// swiftc: skip (notebook builtins)
// rerank takes a model, a first-stage run and its collection, in that order.
let ds = beir("tiny")
let first = bm25(ds.corpus).search(ds.queries("test"), top: 3)
let reranked = rerank(ds, first, ds, top: 2) // expect error: 5:16 rerank: the first argument must be a model (loadModel(…)), not 'Dataset'
