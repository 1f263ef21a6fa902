// `prorank-repl exec` run as a user would: output on stdout, diagnostics on stderr with the caret line, and the
// exit status (0, 1 for a runtime error, 2 for a diagnostic).

import Foundation
import XCTest

final class ExecCommandTests: XCTestCase {
    func testExecRunsCodeFromTheCommandLine() throws {
        let result = try runCLI(["exec", "-e", "let xs = [1, 2, 3]\nprint(xs.map { $0 * 2 }, 1.5)"])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(result.out, "[2, 4, 6] 1.5\n")
    }

    func testExecRunsAFileAndReportsARuntimeErrorWithExitStatus1() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("prorank-exec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        try "print(\"before\")\nlet zero = 0\nprint(1 / zero)\n".write(to: folder.appendingPathComponent("cell.swift"), atomically: true, encoding: .utf8)
        let result = try runCLI(["exec", "cell.swift"], in: folder)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.out, "before\n")
        XCTAssertEqual(result.err, "cell.swift:3:9: error: division by zero\nprint(1 / zero)\n        ^\n")
    }

    func testExecReportsUnsupportedConstructsWithExitStatus2BeforeRunning() throws {
        let result = try runCLI(["exec", "-e", "print(\"never\")\nstruct Point {}"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.out, "")
        XCTAssertEqual(result.err, "<exec>:2:1: error: 'struct' is not supported in notebooks\nstruct Point {}\n^\n")
    }

    func testAParseErrorShowsSwiftSyntaxNotesAndFixIts() throws {
        let result = try runCLI(["exec", "-e", "print((1 + 2)\nlet x = 3"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.err, """
            <exec>:1:14: error: expected ')' to end function call
            print((1 + 2)
                         ^
            note: to match this opening '('
            fix-it: insert ')'

            """)
    }

    func testExecStopsAnEndlessLoopWithTheStepBudget() throws {
        let result = try runCLI(["exec", "--steps", "1000", "-e", "var i = 0\nwhile true { i += 1 }"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.err.hasPrefix("<exec>:2:"), result.err)
        XCTAssertTrue(result.err.contains("error: step budget of 1000 evaluation steps exhausted"), result.err)
    }

    /// Ctrl-C (SIGINT) stops an endless loop that no step budget would stop soon: a runtime error, exit status 1.
    func testExecStopsAnEndlessLoopOnCtrlC() throws {
        let process = Process()
        process.executableURL = try cliBinary()
        process.arguments = ["exec", "--steps", String(Int.max), "-e", "var i = 0\nwhile true { i += 1 }"]
        let out = Pipe(), err = Pipe()
        (process.standardOutput, process.standardError) = (out, err)
        try process.run()
        Thread.sleep(forTimeInterval: 1)
        XCTAssertTrue(process.isRunning, "the loop ended before the interrupt")
        let sent = Date()
        process.interrupt()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertLessThan(Date().timeIntervalSince(sent), 5)
        XCTAssertEqual(process.terminationStatus, 1)
        XCTAssertEqual(String(decoding: e, as: UTF8.self), "<exec>:2:7: error: interrupted\nwhile true { i += 1 }\n      ^\n")
    }

    /// `--out` is where saveRun writes; the code's own folder is readable, writing beside it is refused.
    func testExecWritesOnlyUnderTheOutputFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("prorank-exec-\(UUID().uuidString)")
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        try "q1 Q0 d1 1 2.5 t\n".write(to: folder.appendingPathComponent("in.trec"), atomically: true, encoding: .utf8)
        let code = "let run = loadRun(\"in.trec\")\nsaveRun(run, to: \"copy.trec\")\nsaveRun(run, to: \"../in.trec\")\n"
        try code.write(to: folder.appendingPathComponent("cell.swift"), atomically: true, encoding: .utf8)
        let result = try runCLI(["exec", "--out", out.path, folder.appendingPathComponent("cell.swift").path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.err.contains("cell.swift:3:1: error: saveRun: cannot write \"../in.trec\": notebooks write only under the output folder"), result.err)
        XCTAssertEqual(try String(contentsOf: out.appendingPathComponent("copy.trec"), encoding: .utf8), "q1 Q0 d1 1 2.5 t\n")
        let missing = try runCLI(["exec", "--out", folder.appendingPathComponent("absent").path, "-e", "print(1)"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.err.contains("no such folder"), missing.err)
    }

    /// `make demo`'s tour (until the first notebook lands) runs on any clone: synthetic data and a tiny model made
    /// in the script, through the whole method to the final table.
    func testTheTourScriptRuns() throws {
        let tour = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/tour.swift")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("prorank-tour-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: out) }
        let result = try runCLI(["exec", tour.path, "--out", out.path, "--store", out.appendingPathComponent("runs.sqlite").path])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertTrue(result.out.contains("saved and reloaded: true"), result.out)
        for row in ["zero-shot: nDCG@10", "stage 1: nDCG@10", "stage 2 only: nDCG@10", "stage 1 + 2: nDCG@10", "fusion with BM25: nDCG@10"] {
            XCTAssertTrue(result.out.contains(row), "\(row) missing from the tour's table:\n\(result.out)")
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("bm25.trec").path))
    }
}
