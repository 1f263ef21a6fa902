// BPE training: the trained tokenizer encodes and decodes its own corpus losslessly, survives a write → load round
// trip unchanged, puts special tokens first or last as asked, and rejects impossible parameters. (That Hugging Face
// loads the written file and trains the same merges is checked in HFCrossCheckTests.)

import Foundation
import XCTest
@testable import ProRankKit

final class BPETrainerTests: XCTestCase {
    static let specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]

    /// A small corpus: the texts of the fixture cases (prose, code, numbers, Unicode, prompts) of all three tokenizers.
    static func corpus() throws -> [String] {
        try TokenizerFixtures.names.flatMap { try TokenizerFixtures.cases($0).map(\.text) }
    }

    func testTrainedTokenizerRoundTripsItsCorpusAndReloadsUnchanged() throws {
        let corpus = try BPETrainerTests.corpus()
        for (preset, placement) in [(TokenizerPreset.smollm2, BPETrainer.SpecialTokenPlacement.first), (.qwen2, .last), (.gpt2, .first)] {
            let trainer = BPETrainer(.init(vocabularySize: 700, minFrequency: 2, specialTokens: BPETrainerTests.specials,
                                           specialTokenPlacement: placement, preset: preset))
            let tokenizer = try trainer.train(corpus)
            let label = "\(preset) specials \(placement)"
            XCTAssertLessThanOrEqual(tokenizer.vocabularySize, 700, label)
            XCTAssertGreaterThan(tokenizer.model.merges.count, 100, "\(label): too few merges learned")

            let specialIDs = BPETrainerTests.specials.map { tokenizer.id(of: $0) }
            let expected = placement == .first ? Array(0..<3) : Array(tokenizer.vocabularySize - 3..<tokenizer.vocabularySize)
            XCTAssertEqual(specialIDs, expected, "\(label): special token ids")
            XCTAssertEqual(tokenizer.specialTokenIDs, expected, label)

            let file = FileManager.default.temporaryDirectory.appendingPathComponent("prorank-bpe-\(UUID().uuidString).json")
            defer { try? FileManager.default.removeItem(at: file) }
            try tokenizer.write(to: file)
            let reloaded = try Tokenizer(contentsOf: file)
            XCTAssertEqual(reloaded.jsonString(), tokenizer.jsonString(), "\(label): write → load → write changes the file")
            for (k, text) in corpus.enumerated() {
                let ids = tokenizer.encode(text)
                XCTAssertEqual(reloaded.encode(text), ids, "\(label) text \(k): reloaded tokenizer encodes differently")
                let expectedText = preset == .qwen2 ? text.precomposedStringWithCanonicalMapping : text
                XCTAssertEqual(try tokenizer.decode(ids), expectedText, "\(label) text \(k) \(text.prefix(60).debugDescription): round trip")
            }
        }
    }

    /// The vocabulary reaches the requested size exactly when the corpus has enough frequent pairs.
    func testVocabularyReachesRequestedSize() throws {
        let tokenizer = try BPETrainer(.init(vocabularySize: 400, specialTokens: ["<s>"])).train(try BPETrainerTests.corpus())
        XCTAssertEqual(tokenizer.vocabularySize, 400)
        XCTAssertEqual(tokenizer.model.merges.count, 400 - 256 - 1)
    }

    /// Merges are learned most-frequent-pair first: on "ab ab ab cd" the first merge is (a, b).
    func testFirstMergeIsTheMostFrequentPair() throws {
        let tokenizer = try BPETrainer(.init(vocabularySize: 257, minFrequency: 1, preset: .gpt2)).train(["ab ab ab cd"])
        let first = try XCTUnwrap(tokenizer.model.merges.first)
        XCTAssertEqual(tokenizer.token(of: Int(first.0)), "a")
        XCTAssertEqual(tokenizer.token(of: Int(first.1)), "b")
        XCTAssertEqual(tokenizer.encode("ab"), [try XCTUnwrap(tokenizer.id(of: "ab"))])
    }

    func testMinFrequencyStopsTraining() throws {
        let tokenizer = try BPETrainer(.init(vocabularySize: 1000, minFrequency: 3, preset: .gpt2)).train(["xy xy", "zw"])
        XCTAssertEqual(tokenizer.model.merges.count, 0, "no pair occurs 3 times")
        XCTAssertEqual(tokenizer.vocabularySize, 256)
    }

    func testRejectsImpossibleParameters() {
        XCTAssertThrowsError(try BPETrainer(.init(vocabularySize: 200)).train(["a"])) { error in
            XCTAssertTrue("\(error)".contains("vocabularySize"), "\(error)")
        }
        XCTAssertThrowsError(try BPETrainer(.init(vocabularySize: 300, specialTokens: ["<a>", "<a>"])).train(["a"])) { error in
            XCTAssertTrue("\(error)".contains("twice"), "\(error)")
        }
    }

    func testProgressCanStopTraining() throws {
        var trainer = BPETrainer(.init(vocabularySize: 700))
        trainer.progressInterval = 10
        var reports: [Int] = []
        let tokenizer = try trainer.train(try BPETrainerTests.corpus()) { progress in
            reports.append(progress.merges)
            return progress.merges < 30
        }
        XCTAssertEqual(reports, [10, 20, 30])
        XCTAssertEqual(tokenizer.model.merges.count, 30)
    }
}
