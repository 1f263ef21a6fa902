// Locating the shared reference folders for the command-line and notebook-language tests: the fixtures
// (`$PRORANK_FIXTURES`, else ../shared/fixtures beside the package) and the collections (`$PRORANK_DATA`, else
// ../shared/data). Absent folders skip the test with a visible message, so a fresh clone elsewhere passes.

import Foundation
import XCTest

/// `<package root>/../shared/NAME`, or the environment variable's folder when it is set.
private func sharedFolder(_ name: String, variable: String) -> URL {
    if let env = ProcessInfo.processInfo.environment[variable], !env.isEmpty { return URL(fileURLWithPath: env) }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/\(name)")
}

/// The fixtures folder, or a skip naming where it was looked for.
func fixturesRoot() throws -> URL {
    let root = sharedFolder("fixtures", variable: "PRORANK_FIXTURES")
    guard FileManager.default.fileExists(atPath: root.path) else { throw XCTSkip("fixtures not found at \(root.path); set PRORANK_FIXTURES") }
    return root
}

/// The folder of BEIR collections, or a skip when `collection` is not in it.
func dataRoot(holding collection: String) throws -> URL {
    let root = sharedFolder("data", variable: "PRORANK_DATA")
    guard FileManager.default.fileExists(atPath: root.appendingPathComponent("\(collection)/corpus.jsonl").path) else {
        throw XCTSkip("\(collection) not found under \(root.path); set PRORANK_DATA")
    }
    return root
}
