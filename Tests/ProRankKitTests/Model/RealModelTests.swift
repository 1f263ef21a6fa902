// SmolLM2-135M-Instruct (when fetched into the model store): RerankPrompt and Reranker reproduce PyTorch's
// prompt lengths and scores for every benchmark reference pair (batched and left-padded as the benchmark), and a
// chat prompt gets a coherent answer. Skips when the model or data are absent.

import Foundation
import XCTest
@testable import ProRankKit

final class RealModelTests: XCTestCase {
    private func smolLM2() throws -> (DecoderLM, Tokenizer) {
        let store = ModelStore()
        guard (try? store.resolve("smollm2-135m-instruct")) != nil else {
            throw XCTSkip("smollm2-135m-instruct is not in \(store.root.path); run `prorank-repl models fetch smollm2-135m-instruct`")
        }
        return (try Checkpoint.load("smollm2-135m-instruct"), try Tokenizer.load("smollm2-135m-instruct"))
    }

    /// `../shared/bench` beside the fixtures.
    private func benchFolder() throws -> URL {
        let url = try fixturesRoot().deletingLastPathComponent().appendingPathComponent("bench")
        guard FileManager.default.fileExists(atPath: url.appendingPathComponent("reference").path) else {
            throw XCTSkip("benchmark reference folder not found at \(url.path)")
        }
        return url
    }

    private func dataFolder() throws -> URL {
        let env = ProcessInfo.processInfo.environment["PRORANK_DATA"].flatMap { $0.isEmpty ? nil : $0 }
        let url = try env.map { URL(fileURLWithPath: $0) } ?? fixturesRoot().deletingLastPathComponent().appendingPathComponent("data")
        guard FileManager.default.fileExists(atPath: url.appendingPathComponent("scifact/corpus.jsonl").path) else {
            throw XCTSkip("SciFact not found under \(url.path); set PRORANK_DATA")
        }
        return url.appendingPathComponent("scifact")
    }

    private func jsonLines(_ url: URL) throws -> [[String: Any]] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    private func table(_ url: URL) throws -> [[String: String]] {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
    }

    func testProRankScoresMatchPyTorchReference() throws {
        let (model, tokenizer) = try smolLM2()
        let bench = try benchFolder(), data = try dataFolder()
        let method = try String(contentsOf: bench.appendingPathComponent("bench_common.py"), encoding: .utf8)
        // The prompt pieces are read from the reference kit itself (PROMPT_PREFIX, …), not copied here.
        func pythonString(_ name: String) throws -> String {
            // The assignment runs until the next line that starts a new statement; join its string literals.
            guard let start = method.range(of: "\n\(name) = ") else { throw XCTSkip("\(name) not found in bench_common.py") }
            let rest = method[start.upperBound...]
            let end = rest.range(of: "\n[^ \n]", options: .regularExpression)?.lowerBound ?? rest.endIndex
            let literal = try NSRegularExpression(pattern: #""((?:[^"\\]|\\.)*)""#)
            let block = String(rest[..<end])
            let pieces = literal.matches(in: block, range: NSRange(block.startIndex..., in: block)).map {
                String(block[Range($0.range(at: 1), in: block)!])
            }
            return pieces.joined().replacingOccurrences(of: "\\n", with: "\n")
        }
        // The prompt pieces are the reference kit's own (PROMPT_PREFIX, …), not copies.
        XCTAssertEqual(RerankPrompt.prefix, try pythonString("PROMPT_PREFIX"))
        XCTAssertEqual(RerankPrompt.separator, try pythonString("PROMPT_SEP"))
        XCTAssertEqual(RerankPrompt.task, try pythonString("PROMPT_TASK"))
        XCTAssertEqual(RerankPrompt.suffix, try pythonString("PROMPT_SUFFIX"))
        let prompt = try RerankPrompt(tokenizer: tokenizer, maxQueryTokens: 6144, maxDocumentTokens: 256)
        XCTAssertEqual([prompt.zeroID, prompt.oneID], [tokenizer.encode("0")[0], tokenizer.encode("1")[0]])

        var corpus: [String: String] = [:]
        for doc in try jsonLines(data.appendingPathComponent("corpus.jsonl")) {
            let text = "\(doc["title"] as? String ?? "") \(doc["text"] as? String ?? "")"
            corpus[doc["_id"] as? String ?? ""] = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var queries: [String: String] = [:]
        for q in try jsonLines(data.appendingPathComponent("queries.jsonl")) { queries[q["_id"] as? String ?? ""] = q["text"] as? String }

        // Every reference pair, in the benchmark's batches of 8 consecutive pairs (left-padded to a multiple of 8).
        let reference = try table(bench.appendingPathComponent("reference/rerank_scores_smollm2_t1.tsv"))
        XCTAssertFalse(reference.isEmpty)
        let prompts = try reference.map { row in
            prompt.ids(query: try XCTUnwrap(queries[row["query_id"]!]), document: try XCTUnwrap(corpus[row["doc_id"]!]))
        }
        for (row, ids) in zip(reference, prompts) {
            XCTAssertEqual(ids.count, Int(row["prompt_tokens"]!), "pair \(row["pair_index"]!): prompt length")
        }
        let scores = try Reranker(model: model, prompt: prompt, batchSize: 8).scores(prompts: prompts)
        var worst = 0.0
        for (row, score) in zip(reference, scores) {
            // The reference kit states 1e-3 as a safe tolerance for these scores.
            let expected = Double(row["score"]!)!
            XCTAssertEqual(Double(score), expected, accuracy: 1e-3, "pair \(row["pair_index"]!)")
            worst = max(worst, abs(Double(score) - expected))
        }
        print("RealModelTests: \(scores.count) SmolLM2 rerank scores, largest difference from PyTorch \(worst)")
    }

    func testChatPromptGetsACoherentAnswer() throws {
        let (model, tokenizer) = try smolLM2()
        let prompt = tokenizer.encode("<|im_start|>user\nWhat is the capital of France? Answer in one sentence.<|im_end|>\n<|im_start|>assistant\n")
        var sampler = Sampler.greedy
        let answer = try tokenizer.decode(model.generate(prompt: prompt, maxNewTokens: 20, sampler: &sampler, stopTokens: [tokenizer.eosID ?? 2]), skipSpecial: true)
        XCTAssertTrue(answer.contains("Paris"), answer)
    }
}
