// swiftc: skip (notebook builtins)
// requires: models
// rerank's depth is checked before any scoring.
let ds = beir("tiny")
let reranked = rerank(loadModel("tiny-llama"), bm25(ds.corpus).search(ds.queries("test"), top: 3), ds, top: 0) // expect error: 5:16 rerank: top must be between 1 and 10000, got 0
