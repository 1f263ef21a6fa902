// Training survives a killed process: a notebook script that pretrains with checkpoints is killed with SIGKILL
// mid-way, the run store then shows that run unfinished, and the same script with `resume: true` ends with exactly
// the weights of an uninterrupted run (the saved model.safetensors files are byte-identical).

import Foundation
import XCTest

final class TrainingKillResumeTests: XCTestCase {
    private static let script = """
        let ds = synthetic(topics: 4, docsPerTopic: 10, seed: 3)
        let tiny = tinyModel(ds, hiddenSize: 32, layers: 2, seed: 1)
        let lm = pretrain(tiny, ds, steps: 600, batchSize: 4, contextLength: 32, learningRate: 1e-3, name: "lm", checkpointEvery: 25, resume: true)
        print(lm.model.save(to: "final").hasSuffix("final"))
        """

    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("prorank-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("out"), withIntermediateDirectories: true)
        try Self.script.write(to: url.appendingPathComponent("train.swift"), atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    private let arguments = ["exec", "train.swift", "--out", "out", "--store", "runs.sqlite"]

    func testKilledRunResumesToTheUninterruptedResult() throws {
        let whole = try folder()
        let uninterrupted = try runCLI(arguments, in: whole)
        XCTAssertEqual(uninterrupted.status, 0, uninterrupted.err)
        XCTAssertEqual(uninterrupted.out, "true\n")

        let killed = try folder()
        let process = Process()
        process.executableURL = try cliBinary()
        process.arguments = arguments
        process.currentDirectoryURL = killed
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Kill it once a checkpoint past step 50 exists (the pointer names a complete folder).
        let pointer = killed.appendingPathComponent("out/checkpoints/lm/latest")
        let deadline = Date().addingTimeInterval(120)
        var killedAt: String?
        while process.isRunning, Date() < deadline {
            if let name = try? String(contentsOf: pointer, encoding: .utf8), let step = Int(name.dropFirst("step-".count)), step >= 50 {
                kill(process.processIdentifier, SIGKILL)
                killedAt = name
                break
            }
            usleep(5_000)
        }
        process.waitUntilExit()
        let checkpoint = try XCTUnwrap(killedAt, "the run finished (or timed out) before a checkpoint past step 50 appeared")
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)
        XCTAssertFalse(FileManager.default.fileExists(atPath: killed.appendingPathComponent("out/final").path))

        let listed = try runCLI(["runs", "list", "--store", "runs.sqlite"], in: killed)
        XCTAssertEqual(listed.status, 0, listed.err)
        let pretrainRow = try XCTUnwrap(listed.out.split(separator: "\n").first { $0.contains("pretrain") }, listed.out)
        XCTAssertTrue(pretrainRow.contains("unfinished"), "after \(checkpoint): \(listed.out)")

        let resumed = try runCLI(arguments, in: killed)
        XCTAssertEqual(resumed.status, 0, resumed.err)
        let a = try Data(contentsOf: whole.appendingPathComponent("out/final/model.safetensors"))
        let b = try Data(contentsOf: killed.appendingPathComponent("out/final/model.safetensors"))
        XCTAssertEqual(a.count, b.count)
        XCTAssertTrue(a == b, "resumed from \(checkpoint): the weights differ from the uninterrupted run's")
    }
}
