// Training pairs and lists: balanced labels, no relevant document among the negatives, hard negatives taken from
// the first-stage run, graded targets, and determinism from the seed.

import XCTest
@testable import ProRankKit

final class TrainingSampleTests: XCTestCase {
    private static let dataset = SyntheticCollection.make(topics: 6, docsPerTopic: 20, queriesPerTopic: 6, seed: 3)
    /// The first stage: BM25 top 50 of every query.
    private static let firstStage: Run = {
        HeadroomBM25(dataset.corpus).run(dataset.allQueries, top: 50)
    }()

    private func grade(_ query: Query, _ document: Document) -> Int? {
        Self.dataset.qrels.values.lazy.compactMap { $0.grade(query: query.id, document: document.id) }.first
    }

    private func top(_ query: Query, _ depth: Int) -> Set<String> {
        Set((Self.firstStage.rankings[query.id] ?? []).prefix(depth).map(\.id))
    }

    func testPairsAreBalancedPerQuery() throws {
        let pairs = try TrainingSamples.pairs(Self.dataset, split: "train", firstStage: Self.firstStage, seed: 1)
        XCTAssertFalse(pairs.isEmpty)
        var balance: [String: Int] = [:]
        for pair in pairs { balance[pair.query.id, default: 0] += pair.label == 1 ? 1 : -1 }
        XCTAssert(balance.values.allSatisfy { $0 == 0 }, "every query has as many negatives as positives")
        // All positives of the split are used (positivesPerQuery nil); each query's negatives are distinct.
        XCTAssertEqual(pairs.filter { $0.label == 1 }.count,
                       try Self.dataset.judgements("train").judgments.values.reduce(0) { $0 + $1.values.filter { $0 >= 1 }.count })
        let negatives = pairs.filter { $0.label == 0 }.map { $0.query.id + "/" + $0.document.id }
        XCTAssertEqual(Set(negatives).count, negatives.count)
    }

    func testPairNegativesAreNeverRelevantAndComeFromTheirSource() throws {
        var parameters = TrainingSamples.PairParameters()
        parameters.hardDepth = 10
        let pairs = try TrainingSamples.pairs(Self.dataset, split: "train", firstStage: Self.firstStage,
                                              parameters: parameters, seed: 2)
        var sources: Set<NegativeSource> = []
        for pair in pairs {
            let judged = grade(pair.query, pair.document)
            if pair.label == 1 {
                XCTAssertNil(pair.source)
                XCTAssertGreaterThanOrEqual(judged ?? 0, 1)
                XCTAssertEqual(pair.target, Double(judged!) / 2)
                continue
            }
            XCTAssertLessThan(judged ?? 0, 1, "\(pair.document.id) is relevant to \(pair.query.id) but used as a negative")
            XCTAssertEqual(pair.target, 0)
            let source = try XCTUnwrap(pair.source)
            sources.insert(source)
            switch source {
            case .hard: XCTAssert(top(pair.query, 10).contains(pair.document.id), "a hard negative outside the run's top 10")
            case .judged: XCTAssertEqual(judged, 0)
            case .random: break
            }
        }
        XCTAssertEqual(sources, Set(NegativeSource.allCases))
        // Graded targets are kept for the graded loss: positives have grade 1 or 2 → 0.5 or 1.
        XCTAssertEqual(Set(pairs.filter { $0.label == 1 }.map(\.target)), [0.5, 1])
    }

    func testPairsWithoutAFirstStageAndWithACap() throws {
        var parameters = TrainingSamples.PairParameters()
        parameters.positivesPerQuery = 3
        parameters.positiveGrade = 2
        let pairs = try TrainingSamples.pairs(Self.dataset, split: "test", parameters: parameters, seed: 4)
        XCTAssertFalse(pairs.contains { $0.source == .hard })
        var perQuery: [String: Int] = [:]
        for pair in pairs where pair.label == 1 {
            perQuery[pair.query.id, default: 0] += 1
            XCTAssertEqual(pair.grade, 2)
        }
        XCTAssert(perQuery.values.allSatisfy { $0 <= 3 })
        // A grade-1 document is neither a positive (positiveGrade 2) nor a negative.
        XCTAssertFalse(pairs.contains { $0.label == 0 && (grade($0.query, $0.document) ?? 0) >= 1 })
    }

    func testPairsAreDeterministicFromTheSeed() throws {
        let a = try TrainingSamples.pairs(Self.dataset, split: "train", firstStage: Self.firstStage, seed: 5)
        let b = try TrainingSamples.pairs(Self.dataset, split: "train", firstStage: Self.firstStage, seed: 5)
        let c = try TrainingSamples.pairs(Self.dataset, split: "train", firstStage: Self.firstStage, seed: 6)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
    }

    func testListsHaveOnePositiveThenNegativesFromTheRunAndTheCorpus() throws {
        let parameters = TrainingSamples.ListParameters(negatives: 7, hard: 4)
        let lists = try TrainingSamples.lists(Self.dataset, split: "train", firstStage: Self.firstStage,
                                              parameters: parameters, seed: 1)
        let positives = try Self.dataset.judgements("train").judgments.values.reduce(0) { $0 + $1.values.filter { $0 >= 1 }.count }
        XCTAssertEqual(lists.count, positives, "one list per positive")
        var hardCount = 0, hardAvailable = 0
        for list in lists {
            XCTAssertEqual(list.documents.count, 8)
            XCTAssertEqual(list.grades.count, 8)
            XCTAssertEqual(list.negativeSources.count, 7)
            XCTAssertEqual(Set(list.documents.map(\.id)).count, 8, "documents of a list are distinct")
            XCTAssertGreaterThanOrEqual(grade(list.query, list.positive) ?? 0, 1)
            XCTAssertEqual(list.targets[0], Double(list.grades[0]) / 2)
            let runTop = top(list.query, parameters.hardDepth)
            hardAvailable += min(4, runTop.filter { id in (grade(list.query, Self.dataset.corpus.first { $0.id == id }!) ?? 0) < 1 }.count)
            for (document, source) in zip(list.negatives, list.negativeSources) {
                XCTAssertLessThan(grade(list.query, document) ?? 0, 1, "a relevant document among the negatives")
                if source == .hard {
                    hardCount += 1
                    XCTAssert(runTop.contains(document.id), "a hard negative that is not in the run's top \(parameters.hardDepth)")
                }
            }
            XCTAssertEqual(list.targets.dropFirst().reduce(0, +), 0)
        }
        XCTAssertEqual(hardCount, hardAvailable, "as many hard negatives as asked for, or as the run's top 20 has")
        XCTAssertGreaterThan(hardCount, 2 * lists.count)
    }

    func testListsFillMissingHardNegativesWithRandomOnes() throws {
        var parameters = TrainingSamples.ListParameters(negatives: 5, hard: 5)
        parameters.listsPerQuery = 2
        let lists = try TrainingSamples.lists(Self.dataset, split: "test", firstStage: Run(), parameters: parameters, seed: 1)
        XCTAssertFalse(lists.isEmpty)
        var perQuery: [String: Int] = [:]
        for list in lists {
            perQuery[list.query.id, default: 0] += 1
            XCTAssertEqual(list.documents.count, 6)
            XCTAssertEqual(list.negativeSources, Array(repeating: .random, count: 5))
        }
        XCTAssertEqual(Set(perQuery.values), [2])
    }

    func testListsAreDeterministicAndReportImpossibleRequests() throws {
        let a = try TrainingSamples.lists(Self.dataset, split: "train", firstStage: Self.firstStage, seed: 9)
        let b = try TrainingSamples.lists(Self.dataset, split: "train", firstStage: Self.firstStage, seed: 9)
        let c = try TrainingSamples.lists(Self.dataset, split: "train", firstStage: Self.firstStage, seed: 10)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
        XCTAssertThrowsError(try TrainingSamples.lists(Self.dataset, split: "dev", firstStage: Self.firstStage, seed: 1))
        XCTAssertThrowsError(try TrainingSamples.lists(Self.dataset, split: "train", firstStage: Self.firstStage,
                                                       parameters: .init(negatives: 200, hard: 0), seed: 1)) { error in
            XCTAssert("\(error)".contains("fewer than the 200 negatives"), "\(error)")
        }
    }
}
