// The reranking layer on the fixture models: the answer ids are the tokenizer's "0"/"1" (as recorded by the
// reference), batched and left-padded scores equal transformers' z["1"] − z["0"] of each unpadded sequence, and
// reranking a first-stage run reorders its top documents by those scores. Inputs and expected values come from
// fixtures/models/*/reference.json.

import Foundation
import XCTest
@testable import ProRankKit

final class RerankerTests: XCTestCase {
    private func fixtureModels() throws -> [(URL, JSONValueReader)] {
        try fixtureSubfolders(fixtureFolder("models")).map { ($0, JSONValueReader(try readJSON($0.appendingPathComponent("reference.json")))) }
    }

    func testAnswerIDsAreTheTokenizersZeroAndOne() throws {
        for (folder, reference) in try fixtureModels() {
            let prompt = try RerankPrompt(tokenizer: Tokenizer(contentsOf: folder.appendingPathComponent("tokenizer.json")))
            XCTAssertEqual(prompt.zeroID, reference["token_ids"]["0"].int, folder.lastPathComponent)
            XCTAssertEqual(prompt.oneID, reference["token_ids"]["1"].int, folder.lastPathComponent)
        }
    }

    /// The `prorank` sequence of each fixture holds the last ids of a whole ProRank prompt as transformers
    /// tokenized it; the prompt assembled from separately tokenized pieces ends with the same ids.
    func testPromptIDsMatchTheFixturePrompt() throws {
        for (folder, reference) in try fixtureModels() {
            let prompt = try RerankPrompt(tokenizer: Tokenizer(contentsOf: folder.appendingPathComponent("tokenizer.json")))
            for sequence in reference["sequences"].array where sequence["kind"].string == "prorank" {
                let text = try XCTUnwrap(sequence["source_text"].string)
                XCTAssertTrue(text.hasPrefix(RerankPrompt.prefix + "query: ") && text.hasSuffix(RerankPrompt.separator + RerankPrompt.task + RerankPrompt.suffix))
                let item = text.dropFirst((RerankPrompt.prefix + "query: ").count).dropLast((RerankPrompt.separator + RerankPrompt.task + RerankPrompt.suffix).count)
                let parts = item.components(separatedBy: RerankPrompt.separator + "document: ")
                XCTAssertEqual(parts.count, 2, "query and document in \(text.debugDescription)")
                let ids = prompt.ids(query: parts[0], document: parts[1]), expected = sequence["input_ids"].ints
                XCTAssertEqual(Array(ids.suffix(expected.count)), expected, folder.lastPathComponent)
            }
        }
    }

    /// All recorded sequences in one left-padded batch (and one at a time) score as transformers scored each alone.
    func testBatchedScoresMatchTransformers() throws {
        for (folder, reference) in try fixtureModels() {
            let model = try Checkpoint.loadHuggingFace(folder)
            let prompt = try RerankPrompt(tokenizer: Tokenizer(contentsOf: folder.appendingPathComponent("tokenizer.json")))
            let sequences = reference["sequences"].array
            let prompts = sequences.map { $0["input_ids"].ints }
            let expected = sequences.map { $0["relevance_score_last"].double! }
            for batchSize in [prompts.count, 1] {
                let scores = try Reranker(model: model, prompt: prompt, batchSize: batchSize).scores(prompts: prompts)
                XCTAssertEqual(scores.count, expected.count)
                for (i, (got, want)) in zip(scores, expected).enumerated() {
                    XCTAssertEqual(Double(got), want, accuracy: 1e-4 * max(1, abs(want)), "\(folder.lastPathComponent) sequence \(i), batch \(batchSize)")
                }
            }
        }
    }

    /// Reranking keeps each query's first `top` documents, ordered by their own scores.
    func testRerankOrdersTheTopDocumentsByScore() throws {
        let models = try fixtureModels()  // skips without the fixtures (outside XCTUnwrap, which would turn the skip into a failure)
        let (folder, _) = try XCTUnwrap(models.first)
        let model = try Checkpoint.loadHuggingFace(folder)
        let prompt = try RerankPrompt(tokenizer: Tokenizer(contentsOf: folder.appendingPathComponent("tokenizer.json")),
                                      maxQueryTokens: 32, maxDocumentTokens: 48)
        let reranker = try Reranker(model: model, prompt: prompt, batchSize: 3)
        let dataset = SyntheticCollection.make(topics: 3, docsPerTopic: 4, seed: 5)
        let queries = Array(try dataset.queries("test").prefix(2))
        let firstStage = BM25Index(documents: dataset.corpus).search(queries, top: 6)
        let reranked = try reranker.rerank(firstStage, dataset: dataset, top: 4)
        XCTAssertEqual(reranked.queryIDs, firstStage.queryIDs)
        let texts = Dictionary(uniqueKeysWithValues: dataset.corpus.map { ($0.id, $0.content) })
        for query in queries {
            let kept = try XCTUnwrap(reranked.rankings[query.id])
            XCTAssertEqual(Set(kept.map(\.id)), Set(try XCTUnwrap(firstStage.rankings[query.id]).prefix(4).map(\.id)))
            XCTAssertEqual(kept.map(\.score), kept.map(\.score).sorted(by: >), "descending scores")
            let own = try reranker.scores(kept.map { (query: query.text, document: texts[$0.id]!) })
            XCTAssertEqual(kept.map(\.score), own.map(Double.init), "each score is the pair's own score")
        }
        XCTAssertThrowsError(try reranker.rerank(Run(["nope": [ScoredDocument(id: "d00", score: 1)]]), dataset: dataset, top: 4)) {
            XCTAssertTrue("\($0)".contains("query \"nope\""), "\($0)")
        }
        XCTAssertThrowsError(try reranker.rerank(firstStage, dataset: dataset, top: 0))
    }

    func testBadPromptsAreErrorsNotCrashes() throws {
        let models = try fixtureModels()  // skips without the fixtures (outside XCTUnwrap, which would turn the skip into a failure)
        let (folder, _) = try XCTUnwrap(models.first)
        let model = try Checkpoint.loadHuggingFace(folder)
        let reranker = try Reranker(model: model, prompt: RerankPrompt(tokenizer: Tokenizer(contentsOf: folder.appendingPathComponent("tokenizer.json"))))
        let positions = model.config.maxPositionEmbeddings, vocabulary = model.config.vocabularySize
        for (prompts, message) in [([[Int]()], "is empty"), ([[vocabulary]], "outside the vocabulary"),
                                   ([Array(repeating: 5, count: positions + 1)], "positions")] {
            XCTAssertThrowsError(try reranker.scores(prompts: prompts)) { XCTAssertTrue("\($0)".contains(message), "\($0)") }
        }
        XCTAssertThrowsError(try Reranker(model: model, prompt: reranker.prompt, batchSize: 0))
    }
}
