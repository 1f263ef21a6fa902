// The synthetic collection: deterministic from its seed, the documented statistics, distinct pronounceable
// vocabularies, the synonym gap, and graded judgements.

import XCTest
@testable import ProRankKit

final class SyntheticCollectionTests: XCTestCase {
    private static let defaults = SyntheticCollection.generate(seed: 7)

    private func assertSameDataset(_ a: Dataset, _ b: Dataset, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.name, b.name, file: file, line: line)
        XCTAssertEqual(a.corpus, b.corpus, file: file, line: line)
        XCTAssertEqual(a.allQueries, b.allQueries, file: file, line: line)
        XCTAssertEqual(a.qrels, b.qrels, file: file, line: line)
    }

    func testSameSeedGivesTheSameDataset() {
        let again = SyntheticCollection.generate(seed: 7)
        assertSameDataset(again.dataset, Self.defaults.dataset)
        XCTAssertEqual(again.topics, Self.defaults.topics)
        assertSameDataset(SyntheticCollection.make(topics: 12, docsPerTopic: 40, queriesPerTopic: 10, seed: 7), Self.defaults.dataset)
    }

    func testDifferentSeedGivesADifferentDataset() {
        let other = SyntheticCollection.generate(seed: 8).dataset
        XCTAssertNotEqual(other.corpus, Self.defaults.dataset.corpus)
        XCTAssertNotEqual(other.allQueries, Self.defaults.dataset.allQueries)
        XCTAssertNotEqual(other.qrels, Self.defaults.dataset.qrels)
    }

    /// The numbers stated in SyntheticCollection.swift's header; they also pin the generator across platforms.
    func testStatisticsOfTheDefaults() throws {
        let ds = Self.defaults.dataset
        XCTAssertEqual(ds.name, "synthetic")
        XCTAssertEqual(ds.splits, ["test", "train"])
        let stats = CollectionStatistics(ds)
        XCTAssertEqual(stats.documents, 480)
        XCTAssertEqual(stats.averageDocumentLength, 56.1, accuracy: 0.05)
        XCTAssertEqual(stats.minimumDocumentLength, 20)
        XCTAssertEqual(stats.maximumDocumentLength, 121)
        XCTAssertEqual(stats.vocabularySize, 846)
        let train = try XCTUnwrap(stats.splits["train"]), test = try XCTUnwrap(stats.splits["test"])
        XCTAssertEqual(train.queries, 72)
        XCTAssertEqual(test.queries, 48)
        XCTAssertEqual(train.judgementsByGrade, [2: 1006, 1: 2318, 0: 1440])
        XCTAssertEqual(test.judgementsByGrade, [2: 704, 1: 1512, 0: 960])
        XCTAssertEqual(test.averageQueryLength, 2.7, accuracy: 0.05)
        // Every query is in exactly one split, and each topic sends the same number of queries to test.
        let trainIDs = Set(try ds.queries("train").map(\.id)), testIDs = Set(try ds.queries("test").map(\.id))
        XCTAssertTrue(trainIDs.isDisjoint(with: testIDs))
        XCTAssertEqual(trainIDs.union(testIDs), Set(ds.allQueries.map(\.id)))
        for t in 0..<12 {
            let inTest = zip(ds.allQueries, Self.defaults.queryTruth).filter { $1.topic == t && testIDs.contains($0.id) }
            XCTAssertEqual(inTest.count, 4, "topic \(t)")
        }
    }

    func testVocabulariesAreDistinctAndPronounceable() {
        let s = Self.defaults
        var lists = [s.backgroundWords] + s.areaWords + s.topics.map(\.vocabulary)
        lists = lists.filter { !$0.isEmpty }
        let all = lists.flatMap { $0 }
        XCTAssertEqual(Set(all).count, all.count, "a word is used by two vocabularies (or twice in one)")
        for word in all {
            XCTAssert(word.allSatisfy { ("a"..."z").contains($0) }, "\(word) is not lowercase ASCII letters")
            XCTAssert((4...15).contains(word.count), "\(word) has an odd length")
            XCTAssert(word.contains { "aeiou".contains($0) }, "\(word) has no vowel")
            // Pronounceable: never three consonants in a row outside the fixed clusters plus a coda.
            var run = 0, longest = 0
            for c in word { run = "aeiou".contains(c) ? 0 : run + 1; longest = max(longest, run) }
            XCTAssertLessThanOrEqual(longest, 3, "\(word) is hard to pronounce")
        }
    }

    func testDocumentsMixTopicWordsWithBackgroundAtVariedLengths() {
        let s = Self.defaults
        let background = Set(s.backgroundWords)
        var lengths: Set<Int> = []
        for (document, truth) in zip(s.dataset.corpus, s.documentTruth) {
            let words = document.text.split(separator: " ").map(String.init)
            lengths.insert(words.count)
            let topic = Set(s.topics[truth.topic].vocabulary)
            XCTAssert(words.contains(where: topic.contains), "\(document.id) has no word of its topic")
            XCTAssert(words.contains(where: background.contains), "\(document.id) has no background word")
            for c in truth.concepts {
                let pair = s.topics[truth.topic].synonymPairs[c]
                XCTAssert(words.contains(pair.queryWord) || words.contains(pair.documentWord), "\(document.id) never names concept \(c)")
            }
        }
        XCTAssertGreaterThan(lengths.count, 40, "document lengths should vary")
    }

    /// Some documents judged 2 share no word with their query: the query names its concept by one word of the
    /// pair and the document by the other (the gap a lexical matcher cannot cross).
    func testSomeRelevantDocumentsShareNoWordWithTheirQuery() throws {
        let s = Self.defaults
        let ds = s.dataset
        let text = Dictionary(uniqueKeysWithValues: ds.corpus.map { ($0.id, Set($0.text.split(separator: " ").map(String.init))) })
        var relevant = 0, disjoint = 0, bridgedBySynonym = 0
        for query in try ds.queries("test") {
            let words = Set(query.text.split(separator: " ").map(String.init))
            for (id, grade) in ds.qrels["test"]!.judgments[query.id]! where grade == 2 {
                relevant += 1
                if text[id]!.isDisjoint(with: words) {
                    disjoint += 1
                    if words.contains(where: { s.synonym(of: $0).map(text[id]!.contains) ?? false }) { bridgedBySynonym += 1 }
                }
            }
        }
        XCTAssertGreaterThan(Double(disjoint) / Double(relevant), 0.2, "\(disjoint) of \(relevant) relevant documents share no word with the query")
        XCTAssertEqual(bridgedBySynonym, disjoint, "each such document names the query's concept by the synonym")
        // Every query word for a concept is one of its topic's synonym-pair words.
        for (query, truth) in zip(ds.allQueries, s.queryTruth) {
            let pairs = truth.concepts.map { s.topics[truth.topic].synonymPairs[$0] }
            let words = Set(query.text.split(separator: " ").map(String.init))
            for pair in pairs { XCTAssert(words.contains(pair.queryWord) || words.contains(pair.documentWord), query.id) }
        }
    }

    func testGradedRelevance() throws {
        let s = Self.defaults
        let ds = s.dataset
        let truthByID = Dictionary(uniqueKeysWithValues: zip(ds.corpus.map(\.id), s.documentTruth))
        for split in ["train", "test"] {
            let qrels = try ds.judgements(split)
            XCTAssertEqual(Set(qrels.judgments.values.flatMap(\.values)), [0, 1, 2], split)
        }
        var mentionGrades = 0, withGrade2 = 0
        for (query, truth) in zip(ds.allQueries, s.queryTruth) {
            let judged = (ds.qrels["train"]!.judgments[query.id] ?? ds.qrels["test"]!.judgments[query.id])!
            if judged.values.contains(2) { withGrade2 += 1 }
            for (id, grade) in judged {
                let doc = truthByID[id]!
                switch grade {
                case 2: XCTAssert(doc.topic == truth.topic && !Set(doc.concepts).isDisjoint(with: truth.concepts))
                case 1:
                    XCTAssert(doc.topic == truth.topic || doc.mentionedTopic == truth.topic)
                    if doc.topic != truth.topic { mentionGrades += 1 }
                default: XCTAssert(doc.topic != truth.topic && doc.mentionedTopic != truth.topic)
                }
            }
        }
        XCTAssertEqual(withGrade2, ds.allQueries.count, "every query has documents about its concepts")
        XCTAssertGreaterThan(mentionGrades, 0, "documents that mention a topic briefly are partly relevant")
    }

    func testSmallCollection() throws {
        let ds = SyntheticCollection.make(topics: 3, docsPerTopic: 5, queriesPerTopic: 2, seed: 1)
        XCTAssertEqual(ds.corpus.count, 15)
        XCTAssertEqual(ds.allQueries.count, 6)
        XCTAssertEqual(try ds.queries("test").count + ds.queries("train").count, 6)
        XCTAssertEqual(Set(ds.corpus.map(\.id)).count, 15)
    }
}
