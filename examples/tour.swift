// A short tour of the notebook language and the method (`make demo` runs it until notebooks/01-tour.md lands):
//     prorank-repl exec examples/tour.swift --out out/demo
// It needs nothing but this repository: a seeded synthetic collection, BM25 with two analyzers, trec_eval's
// metrics, a significance test, a run saved into the output folder and read back; then the method on a tiny model
// made here (pretraining, zero-shot, GRPO, score learning, fusion) and an honest table against BM25 (about a minute).
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

// The method in miniature: a tiny model made here (a tokenizer trained on the collection, fresh weights),
// pretrained on the collection's text and the prompt's instruction, then the paper's steps.
let tiny = tinyModel(ds, seed: 5)
let lm = pretrain(tiny, ds, steps: 150, batchSize: 8, contextLength: 64, learningRate: 3e-3, includePromptText: true, seed: 5)
print(lm)

// Zero-shot: the model has never answered; it does not say "0" or "1".
let zs = zeroShot(lm.model, ds, split: "test", pairs: 40, firstStage: baseline, top: 20, maxAnswerTokens: 1, maxDocumentTokens: 128)
print(zs)

// Stage 1, GRPO prompt warmup: format + accuracy rewards, groups of 16 answers of one token.
let warm = grpo(lm.model, ds, split: "train", groupSize: 16, promptsPerStep: 4, steps: 40, learningRate: 3e-3, maxNewTokens: 1, maxDocumentTokens: 128, seed: 3)
print(warm)

// Stage 2, fine-grained score learning on s = z["1"] − z["0"] (listwise), from the warmed-up model and from the
// pretrained one (stage 2 alone).
let fine = scoreLearning(warm.model, ds, split: "train", loss: .listwise, negatives: 7, steps: 60, learningRate: 1e-3, maxDocumentTokens: 128, seed: 4)
let only2 = scoreLearning(lm.model, ds, split: "train", loss: .listwise, negatives: 7, steps: 60, learningRate: 1e-3, maxDocumentTokens: 128, seed: 4)
print(fine)

// Rerank BM25's top 20 with each model, and fuse the best with BM25.
let test = ds.qrels("test")
let rows = [("BM25", baseline), ("zero-shot", zs.reranked!), ("stage 1", rerank(warm.model, baseline, ds, top: 20, maxDocumentTokens: 128)),
            ("stage 2 only", rerank(only2.model, baseline, ds, top: 20, maxDocumentTokens: 128)), ("stage 1 + 2", rerank(fine.model, baseline, ds, top: 20, maxDocumentTokens: 128))]
let fused = fuse(rows[4].1, baseline, k: 60)
let bm25Metrics = evaluate(baseline, test, metrics: ["ndcg@10"])
for (name, run) in rows + [("fusion with BM25", fused)] {
    let m = evaluate(run, test, metrics: ["ndcg@10"])
    print(String(format: "%@: nDCG@10 %.4f", name, m.mean("ndcg@10")), name == "BM25" ? "" : "vs BM25: \(compare(m, bm25Metrics, metric: "ndcg@10"))")
}
