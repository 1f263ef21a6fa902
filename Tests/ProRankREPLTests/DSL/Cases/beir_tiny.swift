// swiftc: skip (notebook builtins)
// A BEIR collection by name (under PRORANK_DATA); BM25 ranks each test query's relevant documents first.
let ds = beir("tiny")
print(ds) // expect: Dataset(tiny: 6 documents, 4 queries, splits ["test", "train"])
print(ds.corpus.ids) // expect: ["d1", "d2", "d3", "d4", "d5", "d6"]
print(ds.queries("train").texts) // expect: ["birds"]
let run = bm25(ds.corpus).search(ds.queries("test"), top: 10)
print(run.ranking("q1").map { $0.id }) // expect: ["d1", "d5"]
let metrics = evaluate(run, ds.qrels("test"), metrics: ["ndcg@10", "P@1"])
print(metrics) // expect: Metrics (3 queries)
// expect: ndcg@10  1.0000
// expect: P@1      1.0000
