// A short tour of the notebook language (`make demo` runs it until notebooks/01-tour.md lands):
//     prorank-repl exec examples/tour.swift --out out/demo
// It needs nothing but this repository: a seeded synthetic collection, BM25 with two analyzers, trec_eval's
// metrics, a significance test, and a run saved into the output folder and read back.
import ProRankKit

let ds = synthetic(topics: 12, docsPerTopic: 40, seed: 7)
print(ds)
print(ds.queries("test"), ds.qrels("test"))

// First stage: BM25 with the English analyzer (Lucene's stop words, Porter stemming).
let english = bm25(ds.corpus)
let baseline = english.search(ds.queries("test"), top: 100)
print(baseline)

// A tokenisation variant written in the notebook language: each word cut to its first four letters (a crude
// stemmer; the kernel calls this function back for every document and query).
func prefixStem(_ text: String) -> [String] {
    text.lowercased().split(separator: " ").map { String($0.prefix(4)) }
}
let variant = bm25(ds.corpus, analyzer: prefixStem).search(ds.queries("test"), top: 100)

let metrics = ["ndcg@10", "recall@100", "map"]
let a = evaluate(baseline, ds.qrels("test"), metrics: metrics)
let b = evaluate(variant, ds.qrels("test"), metrics: metrics)
print(a)
print(b)
print(compare(a, b, metric: "ndcg@10"))

// The head of one ranking.
let top = baseline.ranking(baseline.queryIDs[0]).prefix(3).map { $0.id }
print("first query \(baseline.queryIDs[0]): top documents \(top)")

// Runs go into the output folder and can be read back by later cells.
saveRun(baseline, to: "bm25.trec")
let again = loadRun("bm25.trec")
print("saved and reloaded:", evaluate(again, ds.qrels("test"), metrics: ["ndcg@10"]).mean("ndcg@10") == a.mean("ndcg@10"))
print(String(format: "BM25 nDCG@10 %.4f, prefix-stem variant %.4f", a.mean("ndcg@10"), b.mean("ndcg@10")))
