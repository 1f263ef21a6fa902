// RunStore basics: schema and migrations, WAL, runs/metrics/artifacts round trips, and errors for bad input.

import Foundation
import XCTest
@testable import ProRankKit

final class RunStoreTests: XCTestCase {
    func testMigrationsCreateTheSchemaOnceAndReopeningIsANoOp() throws {
        let path = try temporaryFolder().appendingPathComponent("nested/.prorank/runs.sqlite").path
        let first = try RunStore(path: path)  // creates the missing folders
        XCTAssertEqual(RunStore.migrationNames, ["v1-runs", "v2-metrics", "v3-artifacts"])
        XCTAssertEqual(try first.appliedMigrations(), RunStore.migrationNames)
        let run = try first.startRun(kind: "eval", name: "bm25")
        try first.finish(run)

        let second = try RunStore(path: path)
        XCTAssertEqual(try second.appliedMigrations(), RunStore.migrationNames)
        XCTAssertEqual(try second.runs().map(\.id), [run])
        XCTAssertEqual(second.recovered, [])
        XCTAssertEqual(try second.journalMode(), "wal")
    }

    func testARunRoundTripsWithParamsProvenanceAndStatus() throws {
        let store = try RunStore(path: try temporaryFolder().appendingPathComponent("runs.sqlite").path)
        let started = Date(timeIntervalSince1970: 1_790_000_000.25)
        let provenance = RunProvenance(notebook: "notebooks/01-tour.md", cell: "warm", codeHash: "c0de", dataHash: "da7a", modelHash: "m0de1")
        let params: [String: RunParameter] = ["steps": 100, "beta": 0.04, "loss": "listwise", "lora": true]
        let id = try store.startRun(kind: "grpo", name: "warmup", params: params, provenance: provenance, started: started)

        var run = try store.run(id)
        XCTAssertEqual(run.kind, "grpo")
        XCTAssertEqual(run.name, "warmup")
        XCTAssertEqual(run.params, params)
        XCTAssertEqual(run.provenance, provenance)
        XCTAssertEqual(run.status, .running)
        XCTAssertEqual(run.started.timeIntervalSince1970, started.timeIntervalSince1970, accuracy: 0.001)
        XCTAssertNil(run.finished)
        XCTAssertEqual(run.pid, getpid())

        let finished = started.addingTimeInterval(12.5)
        try store.finish(id, status: .failed, at: finished)
        run = try store.run(id)
        XCTAssertEqual(run.status, .failed)
        XCTAssertEqual(try XCTUnwrap(run.duration()), 12.5, accuracy: 0.002)
        XCTAssertThrowsError(try store.finish(id)) { error in
            XCTAssertEqual(error as? StoreError, .notRunning(path: store.url.path, id: id.rawValue, status: .failed))
        }
    }

    func testMetricsRoundTripInStepOrderIncludingNaNAndInfinity() throws {
        let store = try RunStore(path: try temporaryFolder().appendingPathComponent("runs.sqlite").path)
        let id = try store.startRun(kind: "score-learning", name: "listwise")
        let other = try store.startRun(kind: "score-learning", name: "other")
        let losses = [2.5, 1.25, .nan, .infinity, 0.5]
        for (step, loss) in losses.enumerated().reversed() {  // logged out of order on purpose
            try store.log(run: id, step: step, metrics: ["loss": loss, "lr": 1e-4 * Double(step)])
        }
        try store.log(run: other, step: 0, name: "loss", value: 99)

        let series = try store.metrics(run: id, name: "loss")
        XCTAssertEqual(series.map(\.step), [0, 1, 2, 3, 4])
        XCTAssertEqual(series[0].value, 2.5)
        XCTAssertTrue(series[2].value.isNaN)
        XCTAssertEqual(series[3].value, .infinity)
        XCTAssertEqual(try store.metrics(run: id, name: "missing").count, 0)
        XCTAssertEqual(try store.metricNames(run: id), ["loss", "lr"])

        let summaries = try store.metricSummaries(run: id)
        XCTAssertEqual(summaries.map(\.name), ["loss", "lr"])
        XCTAssertEqual(summaries[0].count, 5)
        XCTAssertEqual(summaries[0].firstStep, 0)
        XCTAssertEqual(summaries[0].lastStep, 4)
        XCTAssertEqual(summaries[0].last, 0.5)
        XCTAssertEqual(summaries[0].min, 0.5)
        XCTAssertEqual(summaries[0].max, .infinity)
        XCTAssertEqual(summaries[1].last, 4e-4, accuracy: 1e-12)
    }

    func testArtifactsRecordSizeAndSHA256() throws {
        let folder = try temporaryFolder()
        let store = try RunStore(path: folder.appendingPathComponent("runs.sqlite").path)
        let id = try store.startRun(kind: "eval", name: "bm25")
        let file = folder.appendingPathComponent("run.trec")
        try Data("abc".utf8).write(to: file)
        let empty = folder.appendingPathComponent("empty.txt")
        try Data().write(to: empty)

        let added = try store.addArtifact(run: id, kind: "trec-run", path: file.path)
        XCTAssertEqual(added.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        try store.addArtifact(run: id, kind: "log", path: empty.path)
        let artifacts = try store.artifacts(run: id)
        XCTAssertEqual(artifacts.map(\.kind), ["trec-run", "log"])
        XCTAssertEqual(artifacts.map(\.bytes), [3, 0])
        XCTAssertEqual(artifacts[0].path, file.path)
        XCTAssertEqual(artifacts[1].sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")

        let missing = folder.appendingPathComponent("nope.bin").path
        XCTAssertThrowsError(try store.addArtifact(run: id, kind: "checkpoint", path: missing)) { error in
            guard case .artifactUnreadable(let path, _) = error as? StoreError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, missing)
        }
        XCTAssertThrowsError(try store.addArtifact(run: id, kind: "folder", path: folder.path))
    }

    func testRunsListNewestFirstWithLimitAndKind() throws {
        let store = try RunStore(path: try temporaryFolder().appendingPathComponent("runs.sqlite").path)
        let ids = try (0..<5).map { try store.startRun(kind: $0 % 2 == 0 ? "eval" : "grpo", name: "run\($0)") }
        XCTAssertEqual(try store.runs().map(\.id), ids.reversed())
        XCTAssertEqual(try store.runs(limit: 2).map(\.id), [ids[4], ids[3]])
        XCTAssertEqual(try store.runs(kind: "grpo").map(\.name), ["run3", "run1"])
        XCTAssertEqual(try store.runs(limit: -1), [])
    }

    func testUnknownRunsAndBadRequestsAreErrorsNamingTheStore() throws {
        let store = try RunStore(path: try temporaryFolder().appendingPathComponent("runs.sqlite").path)
        let path = store.url.path
        let ghost = RunID(42)
        let expected = StoreError.unknownRun(path: path, id: 42)
        XCTAssertThrowsError(try store.run(ghost)) { XCTAssertEqual($0 as? StoreError, expected) }
        XCTAssertThrowsError(try store.metrics(run: ghost, name: "loss")) { XCTAssertEqual($0 as? StoreError, expected) }
        XCTAssertThrowsError(try store.metricSummaries(run: ghost)) { XCTAssertEqual($0 as? StoreError, expected) }
        XCTAssertThrowsError(try store.log(run: ghost, step: 0, name: "loss", value: 1)) { XCTAssertEqual($0 as? StoreError, expected) }
        XCTAssertThrowsError(try store.finish(ghost)) { XCTAssertEqual($0 as? StoreError, expected) }
        let id = try store.startRun(kind: "eval", name: "x")
        XCTAssertThrowsError(try store.finish(id, status: .running)) { XCTAssertEqual($0 as? StoreError, .invalidFinalStatus(.running)) }
        XCTAssertTrue(expected.description.contains(path) && expected.description.contains("hint"), expected.description)
    }

    func testAFileThatIsNotADatabaseIsAnErrorNotACrash() throws {
        let file = try temporaryFolder().appendingPathComponent("runs.sqlite")
        try Data(repeating: 0x5A, count: 4096).write(to: file)
        XCTAssertThrowsError(try RunStore(path: file.path)) { error in
            guard case .cannotOpen(let path, _) = error as? StoreError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, file.path)
        }
    }

    func testTheOwnerLockExistsOnlyWhileAStoreThatStartedRunsLives() throws {
        let folder = try temporaryFolder()
        let path = folder.appendingPathComponent("runs.sqlite").path
        let locks = URL(fileURLWithPath: path + "-locks")
        func ownerLocks() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: locks.path).filter { $0.hasPrefix("owner-") } }
        var store: RunStore? = try RunStore(path: path)
        XCTAssertEqual(try ownerLocks(), [], "a store that only reads holds no owner lock")
        let id = try store!.startRun(kind: "eval", name: "left running")
        XCTAssertEqual(try ownerLocks().count, 1)
        XCTAssertEqual(try RunStore(path: path).run(id).status, .running, "the owner is alive")
        store = nil
        XCTAssertEqual(try ownerLocks(), [])
        let reopened = try RunStore(path: path)
        XCTAssertEqual(reopened.recovered, [id])
        XCTAssertEqual(try reopened.run(id).status, .unfinished)
        XCTAssertNil(try reopened.run(id).duration())
    }
}
