// The model and store builtins checked against references rather than golden text: greedy generation from the
// notebook language reproduces transformers' greedy continuation recorded in the fixtures, tokenize gives the
// fixture's token ids, a model prints its fixture config, and runs() lists what a real RunStore recorded.

import Foundation
import ProRankKit
import XCTest
@testable import prorank_repl

final class KernelBuiltinReferenceTests: XCTestCase {
    private func run(_ code: String, models: URL? = nil, store: String? = nil) -> (output: String, errors: [String]) {
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let files = FileAccess(notebookFolder: here, outputFolder: here, modelCache: models)
        let context = RunContext(files: files, runStorePath: store ?? RunStore.defaultPath)
        var output = ""
        let outcome = DSLRunner.run(SourceFile(name: "reference.swift", text: code), context: context) { output += $0 }
        return (output, outcome.diagnostics.map(\.short))
    }

    private func modelFolders() throws -> (cache: URL, names: [String]) {
        let cache = try fixturesRoot().appendingPathComponent("models")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: cache.path)) ?? []).sorted()
            .filter { FileManager.default.fileExists(atPath: cache.appendingPathComponent("\($0)/reference.json").path) }
        guard !names.isEmpty else { throw XCTSkip("no fixture models under \(cache.path)") }
        return (cache, names)
    }

    private func reference(_ cache: URL, _ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: cache.appendingPathComponent("\(name)/reference.json"))
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// `model.generate(ids, maxTokens: n)` equals `greedy_new_ids`, up to and including the first end-of-sequence
    /// token (where generation stops); `tokenize` equals the text sequences' `input_ids`.
    func testGreedyGenerationAndTokenizationMatchTheFixtures() throws {
        let (cache, names) = try modelFolders()
        for name in names {
            let ref = try reference(cache, name)
            let config = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: cache.appendingPathComponent("\(name)/config.json"))) as? [String: Any])
            var stops = Set<Int>()
            switch config["eos_token_id"] {
            case let id as Int: stops.insert(id)
            case let ids as [Int]: stops.formUnion(ids)
            default: break
            }
            for sequence in try XCTUnwrap(ref["sequences"] as? [[String: Any]]) {
                let ids = try XCTUnwrap(sequence["input_ids"] as? [Int]), greedy = try XCTUnwrap(sequence["greedy_new_ids"] as? [Int])
                var expected: [Int] = []
                for id in greedy {
                    expected.append(id)
                    if stops.contains(id) { break }
                }
                let result = run("let m = loadModel(\"\(name)\")\nprint(m.generate(\(ids), maxTokens: \(greedy.count)))", models: cache)
                XCTAssertEqual(result.errors, [], name)
                XCTAssertEqual(result.output, "\(expected)\n", "\(name) sequence \(sequence["index"] ?? "?")")
                if let text = sequence["source_text"] as? String, sequence["kind"] as? String == "text" {
                    let tokens = run("print(tokenizer(\"\(name)\").tokenize(\(String(reflecting: text))))", models: cache)
                    XCTAssertEqual(tokens.errors, [], name)
                    XCTAssertTrue(tokens.output.hasPrefix(String(ids.description.dropLast())), "\(name): \(tokens.output) vs \(ids)")
                }
            }
        }
    }

    /// `print(model)` shows the fixture's config: family, layers, hidden size, heads and vocabulary.
    func testAModelPrintsItsConfig() throws {
        let (cache, names) = try modelFolders()
        for name in names {
            let config = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: cache.appendingPathComponent("\(name)/config.json"))) as? [String: Any])
            let result = run("print(loadModel(\"\(name)\"))", models: cache)
            XCTAssertEqual(result.errors, [])
            let family = (config["model_type"] as? String) ?? "?"
            for part in ["Model(\(name): \(family)", "\(config["num_hidden_layers"] ?? "?") layers", "hidden \(config["hidden_size"] ?? "?")",
                         "\(config["num_attention_heads"] ?? "?") heads (\(config["num_key_value_heads"] ?? "?") KV)", "vocab \(config["vocab_size"] ?? "?")"] {
                XCTAssertTrue(result.output.contains(part), "\(result.output) lacks \(part)")
            }
        }
    }

    /// runs() reads a real SQLite store: kinds, names, statuses, and a metric series by name.
    func testRunsListsTheStore() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("prorank-runs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("runs.sqlite").path
        let store = try RunStore(path: path)
        let first = try store.startRun(kind: "grpo", name: "warm", params: ["steps": 3])
        for step in 1...3 { try store.log(run: first, step: step, name: "reward", value: Double(step) / 4) }
        try store.finish(first)
        _ = try store.startRun(kind: "eval", name: "bm25")
        let result = run("""
            let all = runs()
            print(all.count, all.map { $0.kind }, all.map { $0.status })
            let warm = runs(kind: "grpo")[0]
            print(warm.name, warm.metricNames, warm.metric("reward").map { $0.value })
            print(warm)
            """, store: path)
        XCTAssertEqual(result.errors, [])
        XCTAssertEqual(result.output, """
            2 ["eval", "grpo"] ["running", "finished"]
            warm ["reward"] [0.25, 0.5, 0.75]
            StoredRun(#\(first) grpo "warm", finished; reward 0.75 @3)

            """)
    }
}
