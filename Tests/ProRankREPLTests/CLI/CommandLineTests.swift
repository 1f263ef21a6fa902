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

    func testBinaryVersionAndHelp() throws {
        let version = try runCLI(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertEqual(version.out.trimmingCharacters(in: .whitespacesAndNewlines), ProRankKitInfo.version)
        let help = try runCLI(["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.out.contains("OVERVIEW:"), help.out)
        let bad = try runCLI(["--bogus"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue((bad.out + bad.err).contains("--bogus"), (bad.out + bad.err))
    }
}
