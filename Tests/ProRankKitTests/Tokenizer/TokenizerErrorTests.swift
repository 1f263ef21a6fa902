// Data errors: every failure names the file and key (or the id, or the GGUF name) and says what is supported.

import Foundation
import XCTest
@testable import ProRankKit

final class TokenizerErrorTests: XCTestCase {
    /// A valid minimal tokenizer.json: the 256 byte-level characters, one merge, GPT-2 pre-tokenizer.
    static func minimalJSON() -> [String: Any] {
        var vocab: [String: Int] = [:]
        for (b, s) in ByteLevel.scalars.enumerated() { vocab[String(Character(s))] = b }
        vocab["ab"] = 256
        return [
            "version": "1.0", "added_tokens": [["id": 257, "content": "<|end|>", "special": true, "normalized": false]],
            "normalizer": NSNull(),
            "pre_tokenizer": ["type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true],
            "decoder": ["type": "ByteLevel"],
            "model": ["type": "BPE", "vocab": vocab, "merges": ["a b"]],
        ]
    }

    /// Writes `json` (after `change`) to a temporary tokenizer.json and loads it; returns the error's text.
    private func loadError(_ change: (inout [String: Any]) -> Void, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        var json = TokenizerErrorTests.minimalJSON()
        change(&json)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("prorank-\(UUID().uuidString)-tokenizer.json")
        defer { try? FileManager.default.removeItem(at: url) }
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        do {
            _ = try Tokenizer(contentsOf: url)
        } catch let error as TokenizerError {
            XCTAssertTrue(error.description.contains(url.path), "message does not name the file: \(error)", file: file, line: line)
            return error.description
        }
        XCTFail("loading succeeded", file: file, line: line)
        return ""
    }

    private func model(_ json: inout [String: Any], _ change: (inout [String: Any]) -> Void) {
        var m = json["model"] as! [String: Any]
        change(&m)
        json["model"] = m
    }

    func testMinimalTokenizerLoads() throws {
        let tokenizer = try Tokenizer(jsonData: JSONSerialization.data(withJSONObject: TokenizerErrorTests.minimalJSON()))
        XCTAssertEqual(tokenizer.encode("ab<|end|>"), [256, 257])
        XCTAssertEqual(tokenizer.vocabularySize, 258)
    }

    func testMissingFileNamesThePath() {
        let path = "/nonexistent/prorank/tokenizer.json"
        XCTAssertThrowsError(try Tokenizer(contentsOf: URL(fileURLWithPath: path))) { error in
            guard case TokenizerError.unreadableFile(let p, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(p, path)
            XCTAssertTrue("\(error)".contains(path))
        }
    }

    func testCorruptJSON() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("prorank-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("{\"model\": {".utf8).write(to: url)
        XCTAssertThrowsError(try Tokenizer(contentsOf: url)) { error in
            guard case TokenizerError.invalidJSON(let file, _, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(file, url.path)
        }
    }

    func testMissingOrMistypedKeysNameTheKeyPath() throws {
        XCTAssertTrue(try loadError { $0["model"] = nil }.contains("at model"))
        XCTAssertTrue(try loadError { self.model(&$0) { $0["vocab"] = [1, 2] } }.contains("model.vocab"))
        XCTAssertTrue(try loadError { self.model(&$0) { $0["merges"] = [["a"]] } }.contains("model.merges"))
        XCTAssertTrue(try loadError { $0["added_tokens"] = [["id": "x", "content": "y"]] }.contains("added_tokens[0].id"))
    }

    func testMergeOutsideTheVocabulary() throws {
        let message = try loadError { self.model(&$0) { $0["merges"] = ["a b", "x yz"] } }
        XCTAssertTrue(message.contains("merge 1") && message.contains("x yz"), message)
    }

    func testUnsupportedComponentsAreNamed() throws {
        let wordPiece = try loadError { self.model(&$0) { $0["type"] = "WordPiece" } }
        XCTAssertTrue(wordPiece.contains("WordPiece") && wordPiece.contains("BPE"), wordPiece)
        let normalizer = try loadError { $0["normalizer"] = ["type": "Lowercase"] }
        XCTAssertTrue(normalizer.contains("Lowercase") && normalizer.contains("NFC"), normalizer)
        let whitespace = try loadError { $0["pre_tokenizer"] = ["type": "Whitespace"] }
        XCTAssertTrue(whitespace.contains("Whitespace") && whitespace.contains("ByteLevel"), whitespace)
        let dropout = try loadError { self.model(&$0) { $0["dropout"] = 0.1 } }
        XCTAssertTrue(dropout.contains("model.dropout"), dropout)
        let noByteLevel = try loadError { $0["pre_tokenizer"] = ["type": "Digits", "individual_digits": true] }
        XCTAssertTrue(noByteLevel.contains("ByteLevel"), noByteLevel)
    }

    func testUnknownSplitPatternIsQuoted() throws {
        let llama3 = #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
        let message = try loadError {
            $0["pre_tokenizer"] = ["type": "Sequence", "pretokenizers": [
                ["type": "Split", "pattern": ["Regex": llama3], "behavior": "Isolated", "invert": false],
                ["type": "ByteLevel", "add_prefix_space": false, "use_regex": false]]]
        }
        XCTAssertTrue(message.contains(llama3), message)
        XCTAssertTrue(message.contains("pre_tokenizer.pretokenizers[0].pattern.Regex"), message)
        XCTAssertTrue(message.contains(SplitPattern.qwen2.regex), "the message lists the supported patterns: \(message)")
    }

    func testUnknownGGUFPreTokenizerListsSupportedNames() {
        XCTAssertThrowsError(try Tokenizer(tokens: ["a"], tokenTypes: [1], merges: [], preTokenizer: "llama-bpe")) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("llama-bpe"), message)
            for name in ["gpt2", "qwen2", "smollm"] { XCTAssertTrue(message.contains(name), message) }
        }
        XCTAssertThrowsError(try Tokenizer(tokens: ["a", "b"], tokenTypes: [1], merges: [], preTokenizer: "gpt2")) { error in
            XCTAssertTrue("\(error)".contains("tokenTypes"), "\(error)")
        }
    }

    func testDecodeNamesAnIDOutsideTheVocabulary() throws {
        let tokenizer = try Tokenizer(jsonData: JSONSerialization.data(withJSONObject: TokenizerErrorTests.minimalJSON()))
        for id in [258, -1, 1_000_000] {
            XCTAssertThrowsError(try tokenizer.decode([97, id])) { error in
                XCTAssertEqual(error as? TokenizerError, .idOutOfRange(id: id, vocabularySize: 258))
                XCTAssertTrue("\(error)".contains("\(id)"), "\(error)")
            }
        }
        XCTAssertNil(tokenizer.token(of: 258))
        XCTAssertNil(tokenizer.id(of: "no such token"))
    }
}
