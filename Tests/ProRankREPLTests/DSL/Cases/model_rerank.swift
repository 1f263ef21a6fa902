// swiftc: skip (notebook builtins)
// requires: models
// rerank keeps each query's first `top` first-stage documents, ordered by the model's score z["1"] − z["0"];
// model.score gives the same score for one pair.
let ds = beir("tiny")
let m = loadModel("tiny-qwen2")
let first = bm25(ds.corpus).search(ds.queries("test"), top: 3)
let reranked = rerank(m, first, ds, top: 2)
for (query, ranking) in reranked {
    print(query, ranking.count, ranking.first!.score >= ranking.last!.score)
}
// expect: q1 2 true
// expect: q2 2 true
// expect: q3 1 true
let d4 = reranked.ranking("q3")[0]
print(d4.id, abs(m.score(query: "fish water", document: "Fish fish swim in water") - d4.score) < 1e-4) // expect: d4 true
