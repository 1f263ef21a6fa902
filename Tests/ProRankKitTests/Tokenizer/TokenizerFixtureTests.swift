// The three reference tokenizers (Qwen2, SmolLM2, GPT-2) against Hugging Face tokenizers' own outputs: every
// encode case (ids for its parse_special setting, decode with and without special tokens) and every decode case.
// Inputs and expected values come from ../shared/fixtures/tokenizers; see its README for the schema.

import Foundation
import XCTest
@testable import ProRankKit

final class TokenizerFixtureTests: XCTestCase {
    func testQwen2EncodeCases() throws { try checkEncodeCases("qwen2") }
    func testSmolLM2EncodeCases() throws { try checkEncodeCases("smollm2") }
    func testGPT2EncodeCases() throws { try checkEncodeCases("gpt2") }

    func testQwen2DecodeCases() throws { try checkDecodeCases("qwen2") }
    func testSmolLM2DecodeCases() throws { try checkDecodeCases("smollm2") }
    func testGPT2DecodeCases() throws { try checkDecodeCases("gpt2") }

    private func checkEncodeCases(_ name: String) throws {
        let tokenizer = try TokenizerFixtures.tokenizer(name)
        let cases = try TokenizerFixtures.cases(name)
        XCTAssertFalse(cases.isEmpty, "\(name): cases.json is empty")
        try assertEncodeCases(tokenizer, cases, tokenizerName: name)
    }

    private func checkDecodeCases(_ name: String) throws {
        let tokenizer = try TokenizerFixtures.tokenizer(name)
        let cases = try TokenizerFixtures.decodeCases(name)
        XCTAssertFalse(cases.isEmpty, "\(name): decode_cases.json is empty")
        for (k, c) in cases.enumerated() {
            let text = try tokenizer.decode(c.ids, skipSpecial: c.skipSpecialTokens)
            XCTAssertEqual(text, c.text, "\(name) decode case \(k) (\(c.kind), ids \(c.ids), skip \(c.skipSpecialTokens))")
        }
    }

    /// Vocabulary size and added tokens as meta.json lists them.
    func testVocabularyMatchesMeta() throws {
        for name in TokenizerFixtures.names {
            let tokenizer = try TokenizerFixtures.tokenizer(name)
            let meta = try TokenizerFixtures.meta(name)
            XCTAssertEqual(tokenizer.vocabularySize, meta.vocabSizeWithAdded, "\(name): vocabulary size")
            for (idText, content) in meta.addedTokens {
                let id = try XCTUnwrap(Int(idText), "\(name): meta.json added_tokens key \(idText)")
                XCTAssertEqual(tokenizer.id(of: content), id, "\(name): id of added token \(content)")
                XCTAssertEqual(tokenizer.token(of: id), content, "\(name): token of id \(id)")
            }
            XCTAssertEqual(Set(tokenizer.addedTokens.map(\.id)), Set(meta.addedTokens.keys.compactMap { Int($0) }),
                           "\(name): added token ids")
        }
    }

    /// Every case's `tokens` strings map to its ids through `id(of:)` and back through `token(of:)`.
    func testTokenLookupMatchesCaseTokens() throws {
        struct TokensCase: Decodable { let id: Int; let ids: [Int]; let tokens: [String] }
        for name in TokenizerFixtures.names {
            let tokenizer = try TokenizerFixtures.tokenizer(name)
            for c in try TokenizerFixtures.read([TokensCase].self, name, "cases.json") {
                for (id, token) in zip(c.ids, c.tokens) {
                    XCTAssertEqual(tokenizer.token(of: id), token, "\(name) case \(c.id): token of \(id)")
                    XCTAssertEqual(tokenizer.id(of: token), id, "\(name) case \(c.id): id of \(token)")
                }
            }
        }
    }

    /// bos/eos/pad from the tokenizer_config.json next to each tokenizer.json.
    func testSpecialIDsFromTokenizerConfig() throws {
        for name in TokenizerFixtures.names {
            let tokenizer = try TokenizerFixtures.tokenizer(name)
            let url = try TokenizerFixtures.folder(name).appendingPathComponent("tokenizer_config.json")
            let config = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            for (key, actual) in [("bos_token", tokenizer.bosID), ("eos_token", tokenizer.eosID), ("pad_token", tokenizer.padID)] {
                let expected = (config[key] as? String).flatMap(tokenizer.id(of:))
                XCTAssertEqual(actual, expected, "\(name): \(key) = \(String(describing: config[key]))")
            }
        }
    }

    /// `specialTokenIDs` are the added tokens flagged special in tokenizer.json, and decoding with `skipSpecial`
    /// drops exactly those.
    func testSpecialTokenIDs() throws {
        for name in TokenizerFixtures.names {
            let tokenizer = try TokenizerFixtures.tokenizer(name)
            let url = try TokenizerFixtures.folder(name).appendingPathComponent("tokenizer.json")
            let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            let added = try XCTUnwrap(root["added_tokens"] as? [[String: Any]])
            let expected = added.filter { $0["special"] as? Bool == true }.compactMap { $0["id"] as? Int }.sorted()
            XCTAssertEqual(tokenizer.specialTokenIDs, expected, name)
            for id in expected { XCTAssertEqual(try tokenizer.decode([id], skipSpecial: true), "", "\(name): id \(id)") }
        }
    }
}
