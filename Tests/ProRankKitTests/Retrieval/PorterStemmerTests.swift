// The Porter stemmer against Martin Porter's own test vocabulary and output (../shared/data/porter), and the
// three points where his reference implementation departs from the 1980 paper.

import Foundation
import ProRankKit
import XCTest

final class PorterStemmerTests: XCTestCase {
    func testAllWordsOfPortersVocabulary() throws {
        let folder = try sharedDataFolder("porter")
        let words = try String(contentsOf: folder.appendingPathComponent("voc.txt"), encoding: .utf8).split(separator: "\n")
        let stems = try String(contentsOf: folder.appendingPathComponent("output.txt"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(words.count, stems.count, "voc.txt and output.txt must have as many lines")
        XCTAssertGreaterThan(words.count, 0)
        var wrong: [String] = []
        for (word, stem) in zip(words, stems) where PorterStemmer.stem(String(word)) != String(stem) {
            wrong.append("\(word) → \(PorterStemmer.stem(String(word))) (expected \(stem))")
        }
        XCTAssertEqual(wrong.count, 0, "\(wrong.count) of \(words.count) words differ, e.g.\n" + wrong.prefix(20).joined(separator: "\n"))
    }

    func testTheReferenceImplementationsDepartures() {
        // Words of one or two letters stay (the paper maps "is" to "i" and "s" to "").
        XCTAssertEqual(PorterStemmer.stem("is"), "is")
        XCTAssertEqual(PorterStemmer.stem("s"), "s")
        // bli → ble instead of abli → able.
        XCTAssertEqual(PorterStemmer.stem("possibly"), "possibl")
        // logi → log.
        XCTAssertEqual(PorterStemmer.stem("apology"), "apolog")
    }

    func testExamplesFromThePaper() {
        let cases = ["caresses": "caress", "ponies": "poni", "cats": "cat", "feed": "feed", "agreed": "agre",
                     "plastered": "plaster", "motoring": "motor", "sing": "sing", "hopping": "hop", "filing": "file",
                     "relational": "relat", "generalization": "gener", "electrical": "electr", "adjustment": "adjust"]
        for (word, stem) in cases { XCTAssertEqual(PorterStemmer.stem(word), stem, word) }
    }

    func testNonLettersAndEmptyInputDoNotCrash() {
        XCTAssertEqual(PorterStemmer.stem(""), "")
        XCTAssertEqual(PorterStemmer.stem("1990s"), "1990")
        XCTAssertEqual(PorterStemmer.stem("ärzte"), "ärzte")   // "ä" counts as a consonant, so m = 0
    }
}
