// Locating the shared reference fixtures (../shared/fixtures, made by fixtures/gen/ with PyTorch, gguf-py …).

import Foundation
import XCTest

/// The fixtures folder: `$PRORANK_FIXTURES`, or `<package root>/../shared/fixtures`. Throws `XCTSkip` (the
/// test is reported as skipped with the path it looked at) when the folder is not there, e.g. in a fresh clone.
func fixturesRoot() throws -> URL {
    let url: URL
    if let path = ProcessInfo.processInfo.environment["PRORANK_FIXTURES"], !path.isEmpty {
        url = URL(fileURLWithPath: path)
    } else {
        // This file is <package root>/Tests/ProRankKitTests/Support/Fixtures.swift.
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures").standardizedFileURL
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw XCTSkip("reference fixtures not found at \(url.path); set PRORANK_FIXTURES")
    }
    return url
}
