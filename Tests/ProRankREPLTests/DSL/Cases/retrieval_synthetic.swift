// swiftc: skip (notebook builtins)
// The synthetic collection, BM25 and evaluation, as DESIGN.md §5 spells them.
import ProRankKit
let ds = synthetic(topics: 4, docsPerTopic: 10, seed: 7)
print(ds) // expect: Dataset(synthetic: 40 documents, 40 queries, splits ["test", "train"])
print(ds.corpus, ds.corpus.count) // expect: Corpus(synthetic: 40 documents) 40
print(ds.queries("test"), ds.qrels("test")) // expect: Queries(synthetic/test: 16 queries) Qrels(synthetic/test: 16 queries, 492 judgements)
let index = bm25(ds.corpus)
print(index) // expect: BM25Index(40 documents, 424 terms, k1 0.9, b 0.4, analyzer english)
let run = index.search(ds.queries("test"), top: 10)
print(run.count) // expect: 16
let metrics = evaluate(run, ds.qrels("test"), metrics: ["ndcg@10", "recall@10"])
print(metrics) // expect: Metrics (16 queries)
// expect: ndcg@10    0.4155
// expect: recall@10  0.3629
print(metrics.mean("ndcg@10") > 0.4) // expect: true
