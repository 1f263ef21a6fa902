// The crash case: a child process (`prorank-repl runs _simulate`) starts a run, logs steps and is killed with
// SIGKILL part-way. Opening the store afterwards shows that run `unfinished` with every step it committed, and the
// other runs as they were — including one still running in this (live) process, which must not be touched.

import Foundation
import XCTest
@testable import ProRankKit

final class RunStoreCrashTests: XCTestCase {
    private func replBinary() throws -> URL {
        let url = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("prorank-repl")
        guard FileManager.default.isExecutableFile(atPath: url.path) else { throw XCTSkip("prorank-repl not built at \(url.path)") }
        return url
    }

    func testAKilledProcessLeavesItsRunUnfinishedAndEverythingElseIntact() throws {
        let binary = try replBinary()
        let path = try temporaryFolder().appendingPathComponent("runs.sqlite").path
        var mine: RunStore? = try RunStore(path: path)
        let done = try mine!.startRun(kind: "eval", name: "before")
        try mine!.log(run: done, step: 0, name: "ndcg@10", value: 0.665)
        try mine!.finish(done)
        let live = try mine!.startRun(kind: "grpo", name: "still running here")
        try mine!.log(run: live, step: 0, name: "reward", value: 0.5)

        let child = Process()
        child.executableURL = binary
        child.arguments = ["runs", "_simulate", "--store", path, "--steps", "100000", "--sleep-ms", "2"]
        let output = Pipe()
        child.standardOutput = output
        try child.run()
        // Never hang the suite: kill the child after a minute whatever happens.
        let watchdog = DispatchWorkItem { [pid = child.processIdentifier] in kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
        defer { watchdog.cancel() }

        // Wait until the child has committed 20 steps (it prints `step N` after each commit).
        var text = "", confirmed = -1, childRun: RunID?, checkedWhileAlive = false
        while confirmed < 19 {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            let lines = text.split(separator: "\n")
            if childRun == nil, let first = lines.first, first.hasPrefix("run "), let id = Int64(first.dropFirst(4)) { childRun = RunID(id) }
            confirmed = lines.last(where: { $0.hasPrefix("step ") }).flatMap { Int($0.dropFirst(5)) } ?? -1
            if confirmed >= 5, !checkedWhileAlive, let childRun {
                // A store opened while the child lives leaves its run alone.
                let peek = try RunStore(path: path)
                XCTAssertEqual(peek.recovered, [])
                XCTAssertEqual(try peek.run(childRun).status, .running)
                checkedWhileAlive = true
            }
        }
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        XCTAssertEqual(child.terminationReason, .uncaughtSignal)
        XCTAssertEqual(child.terminationStatus, SIGKILL)
        XCTAssertTrue(checkedWhileAlive)
        let killed = try XCTUnwrap(childRun, "the child printed: \(text)")
        XCTAssertGreaterThanOrEqual(confirmed, 19, "the child printed: \(text)")

        let after = try RunStore(path: path)
        XCTAssertEqual(after.recovered, [killed])
        let run = try after.run(killed)
        XCTAssertEqual(run.status, .unfinished)
        XCTAssertEqual(run.kind, "simulate")
        XCTAssertEqual(run.pid, child.processIdentifier)
        XCTAssertNil(run.finished)
        // Every confirmed step is there, with no gap and the values the child wrote.
        let loss = try after.metrics(run: killed, name: "loss")
        XCTAssertGreaterThanOrEqual(loss.count, confirmed + 1)
        XCTAssertEqual(loss.map(\.step), Array(0..<loss.count))
        for (step, value) in loss { XCTAssertEqual(value, 1 / Double(step + 1)) }
        XCTAssertEqual(try after.metrics(run: killed, name: "reward").count, loss.count)

        XCTAssertEqual(try after.run(done).status, .finished)
        XCTAssertEqual(try after.metrics(run: done, name: "ndcg@10").map(\.value), [0.665])
        XCTAssertEqual(try after.run(live).status, .running, "a run of a live process is not unfinished")
        try mine!.log(run: live, step: 1, name: "reward", value: 0.75)  // and its owner can still write to it

        // The owner goes away without finishing: the next opening marks that run too.
        mine = nil
        let last = try RunStore(path: path)
        XCTAssertEqual(last.recovered, [live])
        XCTAssertEqual(try last.metrics(run: live, name: "reward").map(\.value), [0.5, 0.75])
        XCTAssertEqual(try last.runs().map(\.status), [.unfinished, .unfinished, .finished])
    }
}
