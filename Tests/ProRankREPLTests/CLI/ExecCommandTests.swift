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

    func testExecStopsAnEndlessLoopWithTheStepBudget() throws {
        let result = try runCLI(["exec", "--steps", "1000", "-e", "var i = 0\nwhile true { i += 1 }"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.err.hasPrefix("<exec>:2:"), result.err)
        XCTAssertTrue(result.err.contains("error: step budget of 1000 evaluation steps exhausted"), result.err)
    }
}
