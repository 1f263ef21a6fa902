// Locates the shared reference fixtures (../shared/fixtures, see ../shared/DESIGN.md §9): PRORANK_FIXTURES when
// set, else `<package root>/../shared/fixtures`. Tests that need them skip with a visible message when absent, so
// `swift test` passes on a fresh clone elsewhere.

import Foundation
import XCTest

/// The fixtures folder, or an `XCTSkip` saying where it was looked for.
func fixturesRoot() throws -> URL {
    let url: URL
    if let path = ProcessInfo.processInfo.environment["PRORANK_FIXTURES"], !path.isEmpty {
        url = URL(fileURLWithPath: path)
    } else {
        // This file is <root>/Tests/ProRankKitTests/Support/Fixtures.swift.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        url = root.deletingLastPathComponent().appendingPathComponent("shared/fixtures")
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw XCTSkip("reference fixtures not found at \(url.standardizedFileURL.path); set PRORANK_FIXTURES")
    }
    return url.standardizedFileURL
}
