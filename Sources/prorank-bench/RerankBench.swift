// `rerank`: ProRank inference on SmolLM2, the work of ../shared/bench/torch_ref.py `bench_rerank` on one thread.
// Config `smollm2_b8_doc256`: the pairs of ../shared/bench/rerank_pairs.tsv (SciFact test queries × BM25
// documents), every (500 / 24)th pair (pair_index 0, 20, …, 460), in that order, in batches of 8 consecutive pairs,
// each batch left-padded to its longest prompt rounded up to a multiple of 8; documents cut to 256 tokens.
// Timed: the model calls and score extraction for all batches (Reranker.scores(prompts:)); one untimed pass
// first; tokenization is not timed. Metric: pairs/s. The scores are compared with the peer's reference file
// (bench/reference/rerank_scores_smollm2_t1.tsv) and the largest difference is written into the line.

import Foundation
import ProRankKit

enum RerankBench {
    static let name = "rerank"
    static let config = "smollm2_b8_doc256"
    static let pairsTimed = 24

    static func run(_ context: BenchContext) {
        guard context.wants(config) else { return }
        guard let (model, prompt, dataset, pairs) = SmolLM2Inputs.load("rerank") else { return }
        let queries = Dictionary(dataset.allQueries.map { ($0.id, $0.text) }, uniquingKeysWith: { a, _ in a })
        let documents = Dictionary(dataset.corpus.map { ($0.id, $0.content) }, uniquingKeysWith: { a, _ in a })
        let stride = max(1, pairs.count / pairsTimed)
        let chosen = Array(Swift.stride(from: 0, to: pairs.count, by: stride).prefix(pairsTimed))
        var prompts: [[Int]] = []
        for j in chosen {
            guard let query = queries[pairs[j][1]], let document = documents[pairs[j][2]] else {
                progress("rerank: pair \(pairs[j][0]) names a query or document SciFact lacks (skipped)")
                return
            }
            prompts.append(prompt.ids(query: query, document: document))
        }
        progress("rerank \(config): \(prompts.count) pairs, batches of 8")
        guard let reranker = try? Reranker(model: model, prompt: prompt, batchSize: 8) else { return }
        var scores: [Float] = []
        let timed = Timing.timeReps(reps: context.reps, warmup: 0) { scores = (try? reranker.scores(prompts: prompts)) ?? [] }
        var line = JSONLine(impl: "prorank", bench: name, config: config, metric: "pairs_per_s", unit: "pairs/s",
                            threads: context.threads, samples: timed.rates(work: Double(prompts.count)))
        let lengths = prompts.map(\.count)
        line["pairs_timed"] = .int(prompts.count)
        line["pair_stride"] = .int(stride)
        line["batch"] = .int(8)
        line["max_doc_tokens"] = .int(256)
        line["mean_prompt_tokens_timed"] = .number(Double(lengths.reduce(0, +)) / Double(lengths.count))
        line["real_tokens_per_rep"] = .int(lengths.reduce(0, +))
        line["tokens_per_s"] = .number(Double(lengths.reduce(0, +)) / timed.secondsPerCall.median)
        if let reference = try? table(SmolLM2Inputs.kit.appendingPathComponent("reference/rerank_scores_smollm2_t1.tsv")) {
            let expected = Dictionary(reference.map { ($0[0], Double($0[4]) ?? .nan) }, uniquingKeysWith: { a, _ in a })
            let differences = zip(chosen, scores).compactMap { j, s in expected[pairs[j][0]].map { abs($0 - Double(s)) } }
            if !differences.isEmpty { line["max_abs_diff_vs_reference_scores"] = .number(differences.max()!) }
        }
        line.add(timed.load)
        line["note"] = .string("Reranker.scores(prompts:), left padding to a multiple of 8, z[\"1\"] − z[\"0\"] from two head rows")
        line.emit()
    }

    /// The rows of a tab-separated file with a header line.
    static func table(_ url: URL) throws -> [[String]] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }
}

/// The inputs of the SmolLM2 benches (rerank, grpo_step, score_step): the model and its prompt from the model store,
/// SciFact from PRORANK_DATA, and the peer kit's rerank_pairs.tsv rows; nil (after saying why) when one is missing.
enum SmolLM2Inputs {
    /// The peer kit's folder (../shared/bench).
    static var kit: URL { TokenizeBench.sharedFolder("PRORANK_FIXTURES", "fixtures").deletingLastPathComponent().appendingPathComponent("bench") }

    static func load(_ bench: String) -> (model: DecoderLM, prompt: RerankPrompt, dataset: Dataset, pairs: [[String]])? {
        let data = TokenizeBench.sharedFolder("PRORANK_DATA", "data").appendingPathComponent("scifact")
        do {
            return (try Checkpoint.load("smollm2-135m-instruct"),
                    try RerankPrompt(tokenizer: Tokenizer.load("smollm2-135m-instruct"), maxDocumentTokens: 256),
                    try BEIRLoader.load(data).dataset,
                    try RerankBench.table(kit.appendingPathComponent("rerank_pairs.tsv")))
        } catch {
            progress("\(bench): \(error) (skipped; needs smollm2-135m-instruct in the model store, SciFact and shared/bench)")
            return nil
        }
    }
}
