// The `prorank-repl` command line: parsed in process, and the built binary run as a user would.

import ArgumentParser
import Foundation
import ProRankKit
import XCTest
@testable import prorank_repl

final class CommandLineTests: XCTestCase {
    func testVersionFlagPrintsTheKernelVersion() {
        XCTAssertThrowsError(try ProRankCommand.parseAsRoot(["--version"])) { error in
            XCTAssertEqual(ProRankCommand.exitCode(for: error), .success)
            XCTAssertEqual(ProRankCommand.message(for: error), ProRankKitInfo.version)
        }
    }

    func testHelpDescribesTheTool() {
        let help = ProRankCommand.helpMessage()
        XCTAssertTrue(help.contains("USAGE: prorank-repl"), help)
        XCTAssertTrue(help.contains("--version"), help)
        XCTAssertTrue(help.contains("reranking"), help)
    }

    func testUnknownOptionIsAUsageError() {
        XCTAssertThrowsError(try ProRankCommand.parseAsRoot(["--no-such-flag"])) { error in
            XCTAssertEqual(ProRankCommand.exitCode(for: error), .validationFailure)
            XCTAssertTrue(ProRankCommand.message(for: error).contains("--no-such-flag"))
        }
    }

    /// Runs the built executable (a sibling of the test bundle in the build folder).
    private func runBinary(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let buildDir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let binary = buildDir.appendingPathComponent("prorank-repl")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw XCTSkip("prorank-repl binary not found next to the test bundle at \(binary.path)")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testBinaryVersionAndHelp() throws {
        let version = try runBinary(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertEqual(version.output.trimmingCharacters(in: .whitespacesAndNewlines), ProRankKitInfo.version)
        let help = try runBinary(["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.output.contains("OVERVIEW:"), help.output)
        let bad = try runBinary(["--bogus"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.output.contains("--bogus"), bad.output)
    }
}
