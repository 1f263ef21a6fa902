// Cross-checks against Hugging Face tokenizers run live through Tests/Scripts/hf_tokenizers_check.py: random strings
// built to hit the pre-tokenizer's corners (every kind of whitespace, case-folded contractions, combining marks,
// numbers of every category, fragments of special tokens), and the BPE trainer (HF loads what it writes, and HF's
// own trainer makes the same merges). Needs a Python with `tokenizers`: PRORANK_HF_PYTHON, else the bench venv
// (~/.cache/prorank-bench/venv/bin/python); the tests skip with a message when there is none.

import Foundation
import XCTest
@testable import ProRankKit

final class HFCrossCheckTests: XCTestCase {
    /// Pieces random strings are assembled from.
    static let pool: [String] = [
        "a", "Hello", "world", "THE", "x", "don", "Z", "_", "0", "7", "2024", "3.14", "1,000",
        " ", "  ", "   ", "\t", "\n", "\n\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "\u{1C}", "\u{1F}", "\u{85}", "\u{A0}",
        "\u{1680}", "\u{2000}", "\u{2009}", "\u{200A}", "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}",
        "\u{180E}", "\u{200B}", "\u{FEFF}", "\u{200D}",
        "'", "'s", "'S", "'\u{17F}", "'t", "'T", "'re", "'RE", "'rE", "'ve", "'VE", "'m", "'M", "'ll", "'LL", "'lL", "'d",
        "'D", "'x", "''", "\u{2019}s",
        "é", "e\u{301}", "E\u{301}\u{323}", "\u{301}", "\u{300}a", "ß", "\u{17F}", "Ω", "\u{2126}", "жук", "中文", "日本語",
        "가", "\u{1100}\u{1161}\u{11A8}", "क्ष", "سلام", "ไทย", "\u{0B47}\u{0B3E}", "Å", "A\u{30A}", "\u{212B}", "ﬁ",
        "½", "²", "٣", "Ⅻ", "①", "१२", "𝟙", "\u{1D7CE}",
        "😀", "🚀", "👨‍👩‍👧", "🇫🇷", "€", "©", "™", "—", "…", "«", "»", "(", ")", "{", "}", ".", ",", "!", "?", "...",
        "--", "->", "#", "$", "%", "&", "*", "+", "/", "\\", "<", ">", "|", "~", "`", "^", "@", "\"",
        "<|im_start|>", "<|im_end|>", "<|endoftext|>", "<|im_", "|>", "<think>", "</think>", "<tool_call>",
        "<repo_name>", "<|fim_prefix|>", "<|", "\u{E000}",
    ]

    /// Seeded random strings of 1…24 pieces.
    static func randomTexts(count: Int, seed: UInt64) -> [String] {
        var rng = SeededRNG(seed: seed)
        return (0..<count).map { _ in
            let n = 1 + Int(rng.next() % 24)
            return (0..<n).map { _ in pool[Int(rng.next() % UInt64(pool.count))] }.joined()
        }
    }

    func testRandomStringsMatchHF() throws {
        let python = try HFPython.locate()
        let texts = HFCrossCheckTests.randomTexts(count: 400, seed: 11)
        for name in TokenizerFixtures.names {
            let tokenizer = try TokenizerFixtures.tokenizer(name)
            let path = try TokenizerFixtures.folder(name).appendingPathComponent("tokenizer.json").path
            for parseSpecial in [true, false] {
                let reference = try python.encode(tokenizerPath: path, texts: texts, parseSpecial: parseSpecial)
                var failures = 0
                for (k, text) in texts.enumerated() {
                    let ids = tokenizer.encode(text, parseSpecial: parseSpecial)
                    if ids != reference.ids[k] {
                        failures += 1
                        if failures <= 10 {
                            XCTFail("\(name) random text \(k) (parse_special \(parseSpecial)) \(text.debugDescription): "
                                    + "got \(ids) expected \(reference.ids[k])")
                        }
                    }
                    XCTAssertEqual(try tokenizer.decode(reference.ids[k]), reference.decoded[k], "\(name) decode of text \(k)")
                }
                XCTAssertEqual(failures, 0, "\(name): \(failures) of \(texts.count) random texts differ (parse_special \(parseSpecial))")
            }
        }
    }

    /// Added tokens with lstrip, rstrip, single_word, normalized (matched after NFC), and one that overlaps a
    /// special token, added to the tiny Qwen2 tokenizer: the same ids as HF in both parse_special modes.
    func testAddedTokenOptionsMatchHF() throws {
        let python = try HFPython.locate()
        let source = try fixturesRoot().appendingPathComponent("models/tiny-qwen2/tokenizer.json")
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: source)) as? [String: Any])
        var added = try XCTUnwrap(json["added_tokens"] as? [[String: Any]])
        func token(_ id: Int, _ content: String, special: Bool = false, singleWord: Bool = false, lstrip: Bool = false,
                   rstrip: Bool = false, normalized: Bool = false) -> [String: Any] {
            ["id": id, "content": content, "special": special, "single_word": singleWord, "lstrip": lstrip,
             "rstrip": rstrip, "normalized": normalized]
        }
        added += [token(1024, "<mask>", special: true, lstrip: true), token(1025, "[R]", rstrip: true),
                  token(1026, "foo", singleWord: true, normalized: true), token(1027, "é!", normalized: true),
                  token(1028, "<|im_start|>x"), token(1029, "x\u{A0}", lstrip: true, rstrip: true)]
        json["added_tokens"] = added
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("prorank-added-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try JSONSerialization.data(withJSONObject: json).write(to: file)
        let tokenizer = try Tokenizer(contentsOf: file)

        let pieces = ["<mask>", "  <mask>", " \t<mask> ", "[R]", "[R]  \n", "foo", "foobar", " foo ", "_foo", "foo_", "e\u{301}!",
                      "é!", "E\u{301}!", "<|im_start|>x", "<|im_start|>", "x\u{A0}", " x\u{A0} ", "a", " ", "  ", "\n", "b", "1"]
        var rng = SeededRNG(seed: 8)
        let texts = pieces + (0..<300).map { _ in (0..<(1 + Int(rng.next() % 10))).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined() }
        for parseSpecial in [true, false] {
            let reference = try python.encode(tokenizerPath: file.path, texts: texts, parseSpecial: parseSpecial)
            for (k, text) in texts.enumerated() {
                XCTAssertEqual(tokenizer.encode(text, parseSpecial: parseSpecial), reference.ids[k],
                               "text \(k) \(text.debugDescription) parse_special \(parseSpecial)")
            }
        }
    }

    /// Hugging Face loads the tokenizer.json our trainer writes and encodes the corpus to the same ids.
    func testTrainedTokenizerLoadsInHFWithSameIDs() throws {
        let python = try HFPython.locate()
        let corpus = try BPETrainerTests.corpus()
        for (preset, placement) in [(TokenizerPreset.smollm2, BPETrainer.SpecialTokenPlacement.first), (.qwen2, .last)] {
            let tokenizer = try BPETrainer(.init(vocabularySize: 700, specialTokens: BPETrainerTests.specials,
                                                 specialTokenPlacement: placement, preset: preset)).train(corpus)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("prorank-bpe-\(UUID().uuidString).json")
            defer { try? FileManager.default.removeItem(at: file) }
            try tokenizer.write(to: file)
            let reference = try python.encode(tokenizerPath: file.path, texts: corpus, parseSpecial: true)
            for (k, text) in corpus.enumerated() {
                XCTAssertEqual(tokenizer.encode(text), reference.ids[k], "\(preset): corpus text \(k) \(text.prefix(60).debugDescription)")
            }
        }
    }

    /// Hugging Face's BpeTrainer, given the same corpus and settings, learns the same vocabulary and merges.
    func testTrainerMatchesHFTrainer() throws {
        let python = try HFPython.locate()
        let corpus = try BPETrainerTests.corpus()
        for (preset, placement) in [(TokenizerPreset.smollm2, BPETrainer.SpecialTokenPlacement.first), (.qwen2, .last), (.gpt2, .first)] {
            let ours = try BPETrainer(.init(vocabularySize: 900, minFrequency: 2, specialTokens: BPETrainerTests.specials,
                                            specialTokenPlacement: placement, preset: preset)).train(corpus)
            let hf = try python.train(corpus: corpus, vocabularySize: 900, minFrequency: 2, preset: preset,
                                      specialTokens: BPETrainerTests.specials, placement: placement)
            assertSameTraining(ours, hf, "\(preset) vs HF BpeTrainer")
        }
    }

    /// Our trainer, on the corpus the tiny models' tokenizers were trained on (rebuilt by the fixture generator from
    /// Python's stdlib docstrings), makes exactly the fixture tokenizer.json files. Skips when this Python's
    /// docstrings differ from the fixtures' (another Python version).
    func testTrainerReproducesTinyModelTokenizers() throws {
        struct Training: Decodable {
            let corpusModules: [String], corpusSHA256: String, python: String
            enum CodingKeys: String, CodingKey { case corpusModules = "corpus_modules", corpusSHA256 = "corpus_sha256", python }
        }
        struct ModelConfig: Decodable {
            let vocabSize: Int, tokenizerStyle: String
            enum CodingKeys: String, CodingKey { case vocabSize = "vocab_size", tokenizerStyle = "tokenizer_style" }
        }
        struct Reference: Decodable {
            let modelConfig: ModelConfig, tokenizerTraining: Training
            enum CodingKeys: String, CodingKey { case modelConfig = "model_config", tokenizerTraining = "tokenizer_training" }
        }
        struct Corpus: Decodable { let parts: [String]; let sha256: String; let python: String }
        let python = try HFPython.locate()
        for model in ["tiny-qwen2", "tiny-llama"] {
            let folder = try fixturesRoot().appendingPathComponent("models/\(model)")
            let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: folder.appendingPathComponent("reference.json")))
            let modules = FileManager.default.temporaryDirectory.appendingPathComponent("prorank-modules-\(UUID().uuidString).json")
            defer { try? FileManager.default.removeItem(at: modules) }
            try JSONEncoder().encode(reference.tokenizerTraining.corpusModules).write(to: modules)
            let gen = try fixturesRoot().appendingPathComponent("gen").path
            let corpus = try JSONDecoder().decode(Corpus.self, from: python.run(["fx-corpus", gen, modules.path]))
            guard corpus.sha256 == reference.tokenizerTraining.corpusSHA256 else {
                throw XCTSkip("\(model): the stdlib corpus of Python \(corpus.python) differs from the fixtures' "
                              + "(Python \(reference.tokenizerTraining.python)); cannot retrain")
            }
            let fixture = try Tokenizer(contentsOf: folder.appendingPathComponent("tokenizer.json"))
            let preset = try XCTUnwrap(TokenizerPreset(rawValue: reference.modelConfig.tokenizerStyle))
            // Specials as the fixture has them: at the front (SmolLM2 layout) or after the BPE vocabulary (Qwen2).
            let specials = fixture.addedTokens.map(\.content)
            let placement: BPETrainer.SpecialTokenPlacement = fixture.addedTokens.first?.id == 0 ? .first : .last
            let ours = try BPETrainer(.init(vocabularySize: reference.modelConfig.vocabSize, minFrequency: 2,
                                            specialTokens: specials, specialTokenPlacement: placement, preset: preset))
                .train(corpus.parts)
            assertSameTraining(ours, fixture, "\(model) retrained")
        }
    }

    /// Same vocabulary, merges and added tokens; reports the first differences compactly.
    private func assertSameTraining(_ ours: Tokenizer, _ reference: Tokenizer, _ label: String,
                                    file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(ours.vocabularySize, reference.vocabularySize, "\(label): vocabulary size", file: file, line: line)
        let differing = Set(ours.model.vocab.map { "\($0.key)=\($0.value)" })
            .symmetricDifference(reference.model.vocab.map { "\($0.key)=\($0.value)" })
        XCTAssertTrue(differing.isEmpty, "\(label): \(differing.count) vocabulary entries differ, e.g. \(differing.sorted().prefix(6))",
                      file: file, line: line)
        let firstDifference = zip(ours.model.merges, reference.model.merges).enumerated().first { $0.element.0 != $0.element.1 }
        XCTAssertNil(firstDifference.map { "merge \($0.offset): ours \($0.element.0) reference \($0.element.1)" }, label,
                     file: file, line: line)
        XCTAssertEqual(ours.model.merges.count, reference.model.merges.count, "\(label): number of merges", file: file, line: line)
        XCTAssertEqual(ours.addedTokens, reference.addedTokens, "\(label): added tokens", file: file, line: line)
    }
}

/// A Python that has Hugging Face `tokenizers`, and the helper script.
struct HFPython {
    let executable: URL
    let script: URL

    static func locate() throws -> HFPython {
        let env = ProcessInfo.processInfo.environment
        let path = env["PRORANK_HF_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/prorank-bench/venv/bin/python").path
        // This file is <root>/Tests/ProRankKitTests/Tokenizer/HFCrossCheckTests.swift.
        let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let python = HFPython(executable: URL(fileURLWithPath: path),
                              script: tests.appendingPathComponent("Scripts/hf_tokenizers_check.py"))
        guard FileManager.default.isExecutableFile(atPath: path), (try? python.run(["version"])) != nil else {
            throw XCTSkip("no Python with Hugging Face tokenizers at \(path); set PRORANK_HF_PYTHON to run the cross-checks")
        }
        return python
    }

    /// Runs the script with `arguments`; returns its stdout (JSON).
    func run(_ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = executable
        process.arguments = [script.path] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["RAYON_NUM_THREADS"] = "1"
        environment["TOKENIZERS_PARALLELISM"] = "false"
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "HFPython", code: Int(process.terminationStatus), userInfo: [
                NSLocalizedDescriptionKey: "\(script.lastPathComponent) \(arguments.first ?? ""): " + String(decoding: errors, as: UTF8.self)])
        }
        return data
    }

    /// HF's ids (add_special_tokens=False) and decodes of `texts`.
    func encode(tokenizerPath: String, texts: [String], parseSpecial: Bool) throws -> (ids: [[Int]], decoded: [String]) {
        let request = FileManager.default.temporaryDirectory.appendingPathComponent("prorank-hf-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: request) }
        try JSONSerialization.data(withJSONObject: ["texts": texts, "parse_special": parseSpecial]).write(to: request)
        // JSONDecoder, not JSONSerialization: the latter drops a U+FEFF that starts a string.
        struct Response: Decodable { let ids: [[Int]]; let decoded: [String] }
        let response = try JSONDecoder().decode(Response.self, from: run(["encode", tokenizerPath, request.path]))
        return (response.ids, response.decoded)
    }

    /// The tokenizer HF's BpeTrainer makes with these settings (the preset's pipeline), loaded with our loader.
    func train(corpus: [String], vocabularySize: Int, minFrequency: Int, preset: TokenizerPreset, specialTokens: [String],
               placement: BPETrainer.SpecialTokenPlacement) throws -> Tokenizer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("prorank-hf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let request = folder.appendingPathComponent("request.json"), output = folder.appendingPathComponent("tokenizer.json")
        let object: [String: Any] = ["corpus": corpus, "vocab_size": vocabularySize, "min_frequency": minFrequency,
                                     "preset": preset.rawValue, "special_tokens": specialTokens, "placement": placement.rawValue]
        try JSONSerialization.data(withJSONObject: object).write(to: request)
        _ = try run(["train", request.path, output.path])
        return try Tokenizer(contentsOf: output)
    }
}
