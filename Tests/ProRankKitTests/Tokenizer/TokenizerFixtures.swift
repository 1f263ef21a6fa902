// Readers for the tokenizer fixtures (../shared/fixtures/tokenizers/README.md): the encode cases, the decode cases
// and meta.json of each reference tokenizer, loaded once per test process.

import Foundation
import XCTest
@testable import ProRankKit

/// One encode case of cases.json.
struct EncodeCase: Decodable {
    let id: Int
    let category: String
    let text: String
    let parseSpecial: Bool
    let ids: [Int]
    let decoded: String
    let decodedSkipSpecial: String

    enum CodingKeys: String, CodingKey {
        case id, category, text, ids, decoded
        case parseSpecial = "parse_special", decodedSkipSpecial = "decoded_skip_special"
    }

    /// "case 12 (unicode) \"Café\"", for failure messages.
    var label: String {
        let shown = text.count > 80 ? String(text.prefix(80)) + "…" : text
        return "case \(id) (\(category), parse_special \(parseSpecial)) \(shown.debugDescription)"
    }
}

/// One decode case of decode_cases.json.
struct DecodeCase: Decodable {
    let kind: String
    let ids: [Int]
    let skipSpecialTokens: Bool
    let text: String

    enum CodingKeys: String, CodingKey {
        case kind, ids, text
        case skipSpecialTokens = "skip_special_tokens"
    }
}

/// meta.json: the fields the tests use.
struct TokenizerMeta: Decodable {
    let vocabSizeWithAdded: Int
    let addedTokens: [String: String]

    enum CodingKeys: String, CodingKey {
        case vocabSizeWithAdded = "vocab_size_with_added", addedTokens = "added_tokens"
    }
}

/// The reference tokenizers, loaded lazily and shared by all tests of the process (qwen2's 151 k-token file takes a
/// while to read in a debug build).
enum TokenizerFixtures {
    static let names = ["qwen2", "smollm2", "gpt2"]

    private static let lock = NSLock()
    nonisolated(unsafe) private static var loaded: [String: Tokenizer] = [:]

    static func folder(_ name: String) throws -> URL {
        try fixturesRoot().appendingPathComponent("tokenizers").appendingPathComponent(name)
    }

    static func tokenizer(_ name: String) throws -> Tokenizer {
        lock.lock()
        defer { lock.unlock() }
        if let t = loaded[name] { return t }
        let t = try Tokenizer(contentsOf: folder(name).appendingPathComponent("tokenizer.json"))
        loaded[name] = t
        return t
    }

    static func read<T: Decodable>(_ type: T.Type, _ name: String, _ file: String) throws -> T {
        let url = try folder(name).appendingPathComponent(file)
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    static func cases(_ name: String) throws -> [EncodeCase] { try read([EncodeCase].self, name, "cases.json") }
    static func decodeCases(_ name: String) throws -> [DecodeCase] { try read([DecodeCase].self, name, "decode_cases.json") }
    static func meta(_ name: String) throws -> TokenizerMeta { try read(TokenizerMeta.self, name, "meta.json") }
}

/// Compares every encode case of `cases` with `tokenizer`: ids, decode, decode skipping special tokens. Returns the
/// number of cases checked.
@discardableResult
func assertEncodeCases(_ tokenizer: Tokenizer, _ cases: [EncodeCase], tokenizerName: String,
                       checkDecode: Bool = true, file: StaticString = #filePath, line: UInt = #line) throws -> Int {
    for c in cases {
        let ids = tokenizer.encode(c.text, parseSpecial: c.parseSpecial)
        if ids != c.ids {
            let at = zip(ids, c.ids).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(ids.count, c.ids.count)
            XCTFail("\(tokenizerName) \(c.label): ids differ at \(at): got \(Array(ids[at...].prefix(8))) expected "
                    + "\(Array(c.ids[at...].prefix(8))) (lengths \(ids.count) vs \(c.ids.count))", file: file, line: line)
        }
        guard checkDecode else { continue }
        let decoded = try tokenizer.decode(c.ids)
        XCTAssertEqual(decoded, c.decoded, "\(tokenizerName) \(c.label): decode", file: file, line: line)
        let skipped = try tokenizer.decode(c.ids, skipSpecial: true)
        XCTAssertEqual(skipped, c.decodedSkipSpecial, "\(tokenizerName) \(c.label): decode skipping special tokens",
                       file: file, line: line)
    }
    return cases.count
}
