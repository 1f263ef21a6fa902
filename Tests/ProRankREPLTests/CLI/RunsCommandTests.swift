// `prorank-repl runs [list|show ID|metrics ID NAME]` run as a user would, on a store written by the hidden
// `runs _simulate` subcommand: the tables, the default subcommand, and clear errors for unknown ids and names.

import Foundation
import XCTest

final class RunsCommandTests: XCTestCase {
    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("prorank-runs-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func testListShowAndMetricsPrintTables() throws {
        let store = try folder().appendingPathComponent("store/runs.sqlite").path
        let simulated = try runCLI(["runs", "_simulate", "--store", store, "--steps", "4"])
        XCTAssertEqual(simulated.status, 0, simulated.err)
        XCTAssertEqual(simulated.out, "run 1\nstep 0\nstep 1\nstep 2\nstep 3\nfinished\n")

        let list = try runCLI(["runs", "--store", store])  // `list` is the default
        XCTAssertEqual(list.status, 0, list.err)
        let lines = list.out.split(separator: "\n")
        XCTAssertEqual(lines.count, 2, list.out)
        XCTAssertTrue(lines[0].hasPrefix("ID  KIND      NAME       STATUS    STARTED (UTC)"), list.out)
        XCTAssertTrue(lines[1].hasPrefix("1   simulate  simulated  finished  20"), list.out)
        XCTAssertFalse(list.out.contains(" \n"), "no trailing blanks")
        XCTAssertEqual(try runCLI(["runs", "list", "--store", store, "--kind", "grpo"]).out, "no runs in \(store)\n")

        let show = try runCLI(["runs", "show", "1", "--store", store])
        XCTAssertEqual(show.status, 0, show.err)
        XCTAssertTrue(show.out.hasPrefix("run 1: simulate \"simulated\" — finished\n"), show.out)
        XCTAssertTrue(show.out.contains("  params    sleepMs=0 steps=4\n"), show.out)
        XCTAssertTrue(show.out.contains("""
            metrics
              NAME    COUNT  STEPS  LAST  MIN   MAX
              loss    4      0…3    0.25  0.25  1
              reward  4      0…3    0.75  0     0.75
            artifacts
              (none)

            """), show.out)

        let metrics = try runCLI(["runs", "metrics", "1", "loss", "--store", store])
        XCTAssertEqual(metrics.status, 0, metrics.err)
        XCTAssertEqual(metrics.out, "STEP  LOSS\n0     1\n1     0.5\n2     0.333333\n3     0.25\n")
    }

    func testUnknownIDsNamesAndStoresAreClearErrors() throws {
        let work = try folder()
        let store = work.appendingPathComponent("runs.sqlite").path
        XCTAssertEqual(try runCLI(["runs", "_simulate", "--store", store, "--steps", "1"]).status, 0)

        let show = try runCLI(["runs", "show", "42", "--store", store])
        XCTAssertNotEqual(show.status, 0)
        XCTAssertTrue(show.err.contains("\(store): no run with id 42 (hint: `prorank-repl runs list --store \(store)` shows the runs)"), show.err)

        let metric = try runCLI(["runs", "metrics", "1", "accuracy", "--store", store])
        XCTAssertNotEqual(metric.status, 0)
        XCTAssertTrue(metric.err.contains("run 1 has no metric \"accuracy\" (hint: it has loss, reward)"), metric.err)

        let missing = work.appendingPathComponent("absent.sqlite").path
        let noStore = try runCLI(["runs", "show", "1", "--store", missing])
        XCTAssertNotEqual(noStore.status, 0)
        XCTAssertTrue(noStore.err.contains("\(missing): no run store here"), noStore.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing), "reading commands create no store")

        // The default store is .prorank/runs.sqlite in the current folder; listing a missing one is not an error.
        let empty = try runCLI(["runs"], in: work)
        XCTAssertEqual(empty.status, 0, empty.err)
        XCTAssertEqual(empty.out, "no runs yet: no run store at .prorank/runs.sqlite\n")

        let help = try runCLI(["runs", "--help"])
        XCTAssertFalse(help.out.contains("_simulate"), "the test-only subcommand stays hidden")
    }
}
