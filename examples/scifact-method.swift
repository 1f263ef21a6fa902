// The method on real data (issue 9's end-to-end run; not in CI, tens of minutes on 2 cores): SmolLM2-135M-Instruct on
// SciFact — the zero-shot analysis, GRPO prompt warmup, stage-2 score learning (after GRPO and alone), and fusion
// with BM25, each reranking BM25's top 20 of the first 30 test queries. RESULTS.md holds a measured run.
//
//     prorank-repl models fetch smollm2-135m-instruct
//     PRORANK_DATA=../shared/data prorank-repl exec examples/scifact-method.swift --out out/scifact --store out/scifact/runs.sqlite
//
// Everything trains the last 6 of the 30 layers (`.lastLayers(6)`): the frozen trunk runs without the tape and its
// output for a prompt is computed once and shared by every model trained from the same start (the trunk cache), so
// after the first pass each reranking runs 6 layers instead of 30. Documents are cut to 192 tokens.
let ds = beir("scifact")
let slm = loadModel("smollm2-135m-instruct")
let index = bm25(ds.corpus)
let queries = ds.queries("test").prefix(30)
let first = index.search(queries, top: 20)
let trainRun = index.search(ds.queries("train"), top: 20)
let test = ds.qrels("test")
let cut = 192

// 1. Zero-shot: what does the model answer to the prompt, and how does its score s rank the candidates?
let zs = zeroShot(slm, ds, split: "test", pairs: 100, firstStage: first, top: 20, maxAnswerTokens: 4, maxDocumentTokens: cut, seed: 1)
print(zs)

// 2. Stage 1: GRPO warmup with the format and accuracy rewards (groups of 8, 4 prompts per step, β 0.04).
let warm = grpo(slm, ds, split: "train", groupSize: 8, promptsPerStep: 4, steps: 20, learningRate: 2e-5, beta: 0.04,
                maxNewTokens: 4, trainable: .lastLayers(6), firstStage: trainRun, maxDocumentTokens: cut, seed: 1, name: "grpo")
print(warm)
print("format per step:", warm.log["format"].map { String(format: "%.2f", $0) }.joined(separator: " "))
print("zero-spread fraction per step:", warm.log["zero_spread"].map { String(format: "%.2f", $0) }.joined(separator: " "))

// 3. Stage 2: listwise score learning (1 positive + 7 negatives, 2 lists per step), from the warmed-up model and
// from the pretrained one at equal steps.
let both = scoreLearning(warm.model, ds, split: "train", loss: .listwise, negatives: 7, steps: 60, listsPerStep: 2,
                         learningRate: 1e-4, trainable: .lastLayers(6), firstStage: trainRun, maxDocumentTokens: cut, seed: 2, name: "stage1+2")
let only2 = scoreLearning(slm, ds, split: "train", loss: .listwise, negatives: 7, steps: 60, listsPerStep: 2,
                          learningRate: 1e-4, trainable: .lastLayers(6), firstStage: trainRun, maxDocumentTokens: cut, seed: 2, name: "stage2")
print(both)
print(only2)

// 4. Rerank BM25's top 20 with each model; fuse the best with BM25; compare every row with BM25 and the stages
// with each other (paired t and randomization tests over the queries).
let runs = [("BM25", first), ("zero-shot", zs.reranked!),
            ("stage 1 (GRPO)", rerank(warm.model, first, ds, top: 20, maxDocumentTokens: cut)),
            ("stage 2 only", rerank(only2.model, first, ds, top: 20, maxDocumentTokens: cut)),
            ("stage 1 + 2", rerank(both.model, first, ds, top: 20, maxDocumentTokens: cut))]
let fused = fuse(runs[4].1, first, k: 60)
var results: [String: Metrics] = [:]
for (name, run) in runs + [("stage 1 + 2 fused with BM25 (RRF k 60)", fused)] {
    results[name] = evaluate(run, test, metrics: ["ndcg@10"])
    print(String(format: "%@: nDCG@10 %.4f", name, results[name]!.mean("ndcg@10")))
}
for name in ["zero-shot", "stage 1 (GRPO)", "stage 2 only", "stage 1 + 2", "stage 1 + 2 fused with BM25 (RRF k 60)"] {
    print("BM25 vs \(name):", compare(results["BM25"]!, results[name]!, metric: "ndcg@10"))
}
print("zero-shot vs stage 2 only:", compare(results["zero-shot"]!, results["stage 2 only"]!, metric: "ndcg@10"))
print("stage 2 only vs stage 1 + 2:", compare(results["stage 2 only"]!, results["stage 1 + 2"]!, metric: "ndcg@10"))
print("stage 1 vs stage 1 + 2:", compare(results["stage 1 (GRPO)"]!, results["stage 1 + 2"]!, metric: "ndcg@10"))
