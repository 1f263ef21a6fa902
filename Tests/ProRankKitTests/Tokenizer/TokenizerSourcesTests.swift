// The other ways a tokenizer reaches ProRank: the tiny models' own trained tokenizers (their reference.json holds
// tokenized text), and GGUF vocabulary metadata (simulated here from the fixture tokenizer.json files, as the GGUF
// reader would hand it over), which must encode exactly like the tokenizer.json it came from.

import Foundation
import XCTest
@testable import ProRankKit

final class TokenizerSourcesTests: XCTestCase {
    /// reference.json → sequences of kind "text" hold the first L ids of the tokenized source_text (topped up with
    /// random ids when the text is shorter); kind "prorank" holds the last L ids of the tokenized prompt.
    func testTinyModelTokenizersReproduceReferenceSequences() throws {
        struct Sequence: Decodable {
            let index: Int, length: Int, kind: String
            let sourceText: String?, inputIDs: [Int]
            enum CodingKeys: String, CodingKey {
                case index, length, kind, sourceText = "source_text", inputIDs = "input_ids"
            }
        }
        struct Reference: Decodable {
            let sequences: [Sequence]
            let tokenIDs: [String: Int]
            enum CodingKeys: String, CodingKey { case sequences, tokenIDs = "token_ids" }
        }
        var compared = 0
        for model in ["tiny-llama", "tiny-qwen2"] {
            let folder = try fixturesRoot().appendingPathComponent("models").appendingPathComponent(model)
            let tokenizer = try Tokenizer(contentsOf: folder.appendingPathComponent("tokenizer.json"))
            let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: folder.appendingPathComponent("reference.json")))
            for (token, id) in reference.tokenIDs {
                XCTAssertEqual(tokenizer.id(of: token), id, "\(model): token_ids[\(token)]")
                XCTAssertEqual(tokenizer.encode(token), [id], "\(model): encode(\(token.debugDescription))")
            }
            for s in reference.sequences {
                guard let text = s.sourceText else { continue }
                let ids = tokenizer.encode(text)
                switch s.kind {
                case "text":
                    let n = min(s.length, ids.count)
                    XCTAssertEqual(Array(ids.prefix(n)), Array(s.inputIDs.prefix(n)), "\(model) sequence \(s.index) (text) \(text.debugDescription)")
                case "prorank":
                    XCTAssertEqual(Array(ids.suffix(s.length)), s.inputIDs, "\(model) sequence \(s.index) (prorank): last \(s.length) ids")
                default:
                    XCTFail("\(model) sequence \(s.index): unexpected kind \(s.kind) with a source text")
                }
                compared += 1
            }
        }
        XCTAssertGreaterThanOrEqual(compared, 2, "no text sequences in the tiny models' reference.json")
    }

    /// The smollm2 and qwen2 tokenizers rebuilt from GGUF-style arrays (tokens in id order, token types, "a b"
    /// merges, the `tokenizer.ggml.pre` name) encode every fixture case like the tokenizer.json.
    func testGGUFVocabularyMatchesTokenizerJSON() throws {
        for (name, pre) in [("smollm2", "smollm"), ("qwen2", "qwen2")] {
            let metadata = try ggufMetadata(fromTokenizerJSON: TokenizerFixtures.folder(name).appendingPathComponent("tokenizer.json"))
            let reference = try TokenizerFixtures.tokenizer(name)
            let tokenizer = try Tokenizer(tokens: metadata.tokens, tokenTypes: metadata.types, merges: metadata.merges,
                                          preTokenizer: pre, bosID: reference.bosID, eosID: reference.eosID,
                                          padID: reference.padID)
            XCTAssertEqual(tokenizer.eosID, reference.eosID, name)
            XCTAssertEqual(tokenizer.vocabularySize, reference.vocabularySize, name)
            XCTAssertEqual(tokenizer.specialTokenIDs, reference.specialTokenIDs, name)
            try assertEncodeCases(tokenizer, TokenizerFixtures.cases(name), tokenizerName: "\(name) (GGUF)")
        }
    }

    /// GGUF arrays from a tokenizer.json: every id's string, type 3 (control) for special added tokens, 4
    /// (user-defined) for other added tokens, 1 otherwise; merges joined as "a b".
    private func ggufMetadata(fromTokenizerJSON url: URL) throws -> (tokens: [String], types: [Int], merges: [String]) {
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let model = try XCTUnwrap(root["model"] as? [String: Any])
        let vocab = try XCTUnwrap(model["vocab"] as? [String: Int])
        let added = try XCTUnwrap(root["added_tokens"] as? [[String: Any]])
        var byID: [Int: (String, Int)] = [:]
        for (token, id) in vocab { byID[id] = (token, 1) }
        for entry in added {
            let id = try XCTUnwrap(entry["id"] as? Int), content = try XCTUnwrap(entry["content"] as? String)
            byID[id] = (content, entry["special"] as? Bool == true ? 3 : 4)
        }
        let count = (byID.keys.max() ?? -1) + 1
        XCTAssertEqual(byID.count, count, "ids of \(url.path) are not contiguous")
        let entries = try (0..<count).map { try XCTUnwrap(byID[$0]) }
        let merges = try XCTUnwrap(model["merges"] as? [Any]).map { item -> String in
            if let pair = item as? [String] { return pair.joined(separator: " ") }
            return try XCTUnwrap(item as? String)
        }
        return (entries.map(\.0), entries.map(\.1), merges)
    }
}
