// The built-in English analyzer (words, lowercase, stop words, Porter) and analyzers made from closures.

import ProRankKit
import XCTest

final class RetrievalAnalyzerTests: XCTestCase {
    func testEnglishAnalyzerSplitsLowercasesDropsStopWordsAndStems() {
        XCTAssertEqual(Analyzer.english("The cells' RNAs are degraded"), ["cell", "rna", "degrad"])
        XCTAssertEqual(Analyzer.english("COVID-19 vaccines, p<0.05"), ["covid", "19", "vaccin", "p", "0", "05"])
        XCTAssertEqual(Analyzer.english("It is not the end of a thing"), ["end", "thing"])
        XCTAssertEqual(Analyzer.english(""), [])
        XCTAssertEqual(Analyzer.english("  ...  "), [])
    }

    func testUnicodeWordsAreKeptAndLowercased() {
        XCTAssertEqual(Analyzer.english("Über ÄRZTE"), ["über", "ärzte"])
        XCTAssertEqual(Analyzer.english("Αθήνα 東京"), ["αθήνα", "東京"])
        // A combining accent stays in its word ("e" + U+0301).
        XCTAssertEqual(Analyzer.english("cafe\u{301} au lait"), ["cafe\u{301}", "au", "lait"])
    }

    func testVariantsWithoutStemmingOrStopWords() {
        XCTAssertEqual(Analyzer.english(stemming: false)("The running dogs"), ["running", "dogs"])
        XCTAssertEqual(Analyzer.english(stopWords: [])("The running dogs"), ["the", "run", "dog"])
    }

    func testAClosureIsAnAnalyzer() {
        let whitespace = Analyzer(name: "whitespace") { $0.split(separator: " ").map(String.init) }
        XCTAssertEqual(whitespace.name, "whitespace")
        XCTAssertEqual(whitespace.analyze("The Cat"), ["The", "Cat"])
    }
}
