// The pre-tokenizer scanners on strings that exercise each regex alternative. The expected pieces are what
// tokenizers' `pre_tokenize_str` returns for the same pre-tokenizer (Split(regex, "isolated") / Digits).

import XCTest
@testable import ProRankKit

final class PreTokenizerTests: XCTestCase {
    private func pieces(_ text: String, _ steps: [PreTokenizerStep]) -> [String] {
        var bytes = Array(text.utf8), out: [ByteRange] = [], scratch = PreTokenizer.Scratch()
        PreTokenizer(steps: steps).split(&bytes, ByteRange(start: 0, end: bytes.count), into: &out, scratch: &scratch)
        return out.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
    }

    private let gpt2: [PreTokenizerStep] = [.split(.gpt2)]
    private let qwen2: [PreTokenizerStep] = [.split(.qwen2)]
    private let smollm2: [PreTokenizerStep] = [.digits(individual: true), .byteLevel(addPrefixSpace: false, trimOffsets: true, useRegex: true)]

    /// `\s+(?!\S)`: a whitespace run gives its last character to the next word; at the end it stays whole.
    func testWhitespaceLookahead() {
        let text = "Hello  world's   \n\n  x"
        XCTAssertEqual(pieces(text, gpt2), ["Hello", " ", " world", "'s", "   \n\n ", " x"])
        XCTAssertEqual(pieces(text, qwen2), ["Hello", " ", " world", "'s", "   \n\n", " ", " x"])
        XCTAssertEqual(pieces("x\r\n\r\n  y", gpt2), ["x", "\r\n\r\n ", " y"])
        XCTAssertEqual(pieces("x\r\n\r\n  y", qwen2), ["x", "\r\n\r\n", " ", " y"])
        XCTAssertEqual(pieces("a\u{A0}\u{A0}b  ", gpt2), ["a", "\u{A0}", "\u{A0}", "b", "  "])
        XCTAssertEqual(pieces("a\u{A0}\u{A0}b  ", qwen2), ["a", "\u{A0}", "\u{A0}b", "  "])
    }

    /// Contractions: case-sensitive in GPT-2, case-insensitive in Qwen2; digits one by one in Qwen2 and SmolLM2.
    func testContractionsAndDigits() {
        let text = "I'VE got 12345 apples!!\n\n"
        XCTAssertEqual(pieces(text, gpt2), ["I", "'", "VE", " got", " 12345", " apples", "!!", "\n\n"])
        XCTAssertEqual(pieces(text, qwen2), ["I", "'VE", " got", " ", "1", "2", "3", "4", "5", " apples", "!!\n\n"])
        XCTAssertEqual(pieces(text, smollm2), ["I", "'", "VE", " got", " ", "1", "2", "3", "4", "5", " apples", "!!", "\n\n"])
        XCTAssertEqual(pieces("v1.23 + ½", [.digits(individual: false)]), ["v", "1", ".", "23", " + ", "½"])
        XCTAssertEqual(pieces("v1.23 + ½", qwen2), ["v", "1", ".", "2", "3", " +", " ", "½"])
    }

    /// Qwen2 lets one non-letter (not CR/LF) lead a word: "(hello", "\tend".
    func testQwen2LeadingCharacter() {
        let text = "(hello) 'sup 'S\t\tend"
        XCTAssertEqual(pieces(text, gpt2), ["(", "hello", ")", " '", "sup", " '", "S", "\t", "\t", "end"])
        XCTAssertEqual(pieces(text, qwen2), ["(hello", ")", " '", "sup", " '", "S", "\t", "\tend"])
    }

    /// ByteLevel(add_prefix_space) puts a space before a piece that lacks one, then splits with the GPT-2 regex.
    func testByteLevelPrefixSpace() {
        XCTAssertEqual(pieces("hello world", [.byteLevel(addPrefixSpace: true, trimOffsets: true, useRegex: true)]),
                       [" hello", " world"])
        XCTAssertEqual(pieces(" hi", [.byteLevel(addPrefixSpace: true, trimOffsets: true, useRegex: true)]), [" hi"])
        XCTAssertEqual(pieces("hi there", [.byteLevel(addPrefixSpace: false, trimOffsets: true, useRegex: false)]), ["hi there"])
    }

    /// The scanners cover every byte, in order, for any input.
    func testPiecesTileTheText() {
        for text in HFCrossCheckTests.randomTexts(count: 200, seed: 3) {
            for steps in [gpt2, qwen2, smollm2] {
                let p = pieces(text, steps)
                XCTAssertEqual(p.joined(), text)
                XCTAssertFalse(p.contains(""), "empty piece in \(text.debugDescription)")
            }
        }
    }

    func testSplitPatternRecognition() {
        for pattern in SplitPattern.allCases { XCTAssertEqual(SplitPattern(regex: pattern.regex), pattern) }
        XCTAssertNil(SplitPattern(regex: #"\s+"#))
    }
}
