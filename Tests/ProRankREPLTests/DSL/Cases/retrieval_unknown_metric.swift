// swiftc: skip (notebook builtins)
// Metric names are checked; a zero cut-off is refused, not a crash.
let ds = synthetic(topics: 4, docsPerTopic: 10, seed: 7)
let run = bm25(ds.corpus).search(ds.queries("test"), top: 5)
let m = evaluate(run, ds.qrels("test"), metrics: ["ndcg@0"]) // expect error: 5:9 evaluate: unknown metric "ndcg@0" (hint: supported: ndcg@k (ndcg_cut_k), ndcg, map, map@k (map_cut_k), recip_rank (mrr), mrr@k, recall@k (recall_k), P@k (P_k))
