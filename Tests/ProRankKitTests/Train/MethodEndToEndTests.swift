// The whole method on the synthetic collection, with a tiny model made inside the test: a tokenizer trained on the
// collection's text, next-token pretraining, the zero-shot analysis (format success near 0: the model has never
// seen an answer), GRPO warmup (greedy format success ≥ 0.9 afterwards), then stage 2 (the listwise loss of the
// last 10 steps below the first 10). The nDCG@10 of reranking BM25's top 20 is printed, not asserted: a tiny
// model learns the format, not relevance (issue 9 reports the PyTorch measurement that agrees).

import XCTest
@testable import ProRankKit

final class MethodEndToEndTests: XCTestCase {
    func testTinyModelLearnsTheFormatWithGRPOAndStage2LowersItsLoss() throws {
        let started = Date()
        let ds = SyntheticCollection.make(topics: 8, docsPerTopic: 20, queriesPerTopic: 6, seed: 11)
        let texts = ds.corpus.map(\.content) + ds.allQueries.map(\.text)
        let (fresh, tokenizer) = try TinyModel.build(texts: texts, seed: 5)
        var pre = PretrainParameters()
        (pre.steps, pre.batchSize, pre.contextLength, pre.learningRate, pre.seed) = (150, 8, 64, 3e-3, 5)
        // A real SLM has read instructions and digits before it meets the prompt; a model pretrained on pseudo-words
        // alone has never seen "0" or "1" (p("0") + p("1") ≈ 3e-5 at the answer slot: GRPO never samples an answer).
        // So the pretraining text also holds the prompt's instruction text, once per document (never an answer).
        let instruction = RerankPrompt.task
        let pretrain = try PretrainTrainer(model: fresh, tokenizer: tokenizer, texts: texts + ds.corpus.map { _ in instruction }, parameters: pre)
        try pretrain.train()
        XCTAssertLessThan(try XCTUnwrap(pretrain.log.mean("loss", last: 10)), try XCTUnwrap(pretrain.log.mean("loss", first: 10)))
        let model = pretrain.model

        let prompt = try RerankPrompt(tokenizer: tokenizer, maxQueryTokens: 32, maxDocumentTokens: 64)
        let bm25 = BM25Index(documents: ds.corpus)
        let trainRun = bm25.search(try ds.queries("train"), top: 20)
        let testRun = bm25.search(try ds.queries("test"), top: 20)
        let evalPairs = try ZeroShot.balancedPairs(ds, split: "test", firstStage: testRun, count: 40, seed: 1)
        var p = GRPOParameters()
        // One new token: the answer slot. (With two, the tiny model must also learn to stop right after the digit;
        // measured here: format success stays 0.00 after 40 steps.)
        (p.steps, p.groupSize, p.promptsPerStep, p.maxNewTokens, p.learningRate, p.seed) = (40, 8, 4, 1, 3e-3, 3)
        let before = try ZeroShot.analyze(model: model, prompt: prompt, pairs: evalPairs, maxAnswerTokens: p.maxNewTokens)
        XCTAssertLessThan(before.formatSuccess, 0.1, "zero-shot format success")

        let pairs = try TrainingSamples.pairs(ds, split: "train", firstStage: trainRun, seed: 2)
        let grpo = try GRPOTrainer(model: model, prompt: prompt, pairs: pairs, rewards: [.format, .accuracy], parameters: p)
        try grpo.train()
        let after = try ZeroShot.analyze(model: grpo.model, prompt: prompt, pairs: evalPairs, maxAnswerTokens: p.maxNewTokens)
        XCTAssertGreaterThanOrEqual(after.formatSuccess, 0.9, "greedy format success after GRPO; sampled format per step: \(grpo.log["format"])")

        var s = ScoreLearningParameters()
        (s.steps, s.listsPerStep, s.learningRate, s.seed) = (60, 2, 1e-3, 4)
        // 16 lists, seen 7.5 times each: the training loss must fall (the model fits them); ranking unseen queries
        // is what the printed nDCG shows.
        let lists = try TrainingSamples.lists(ds, split: "train", firstStage: trainRun, parameters: .init(negatives: 7, hard: 4), seed: 3)
        let stage2 = try ScoreLearningTrainer(model: grpo.model, prompt: prompt, lists: Array(lists.prefix(16)), parameters: s)
        try stage2.train()
        let (first, last) = (try XCTUnwrap(stage2.log.mean("loss", first: 10)), try XCTUnwrap(stage2.log.mean("loss", last: 10)))
        XCTAssertLessThan(last, first, "listwise loss: \(stage2.log["loss"])")

        let reranked = try Reranker(model: stage2.model, prompt: prompt).rerank(testRun, dataset: ds, top: 20)
        let ndcg = Metric(.ndcg, cutoff: 10)
        let qrels = try ds.judgements("test")
        print(String(format: "end to end (synthetic, tiny model): format %.2f → %.2f; stage-2 loss %.3f → %.3f; nDCG@10 BM25 %.3f, reranked %.3f; %.0f s",
                     before.formatSuccess, after.formatSuccess, first, last, evaluate(testRun, qrels, metrics: [ndcg]).mean[ndcg.name]!,
                     evaluate(reranked, qrels, metrics: [ndcg]).mean[ndcg.name]!, Date().timeIntervalSince(started)))
    }
}
