// Locating the shared collections (../shared/data, or $PRORANK_DATA) for the Data and Retrieval tests.

import Foundation
import XCTest

/// `$PRORANK_DATA/<relative>`, else `<package root>/../shared/data/<relative>`. Throws `XCTSkip` with a visible
/// message when it is absent, so the suite passes on a fresh clone elsewhere.
func sharedDataFolder(_ relative: String) throws -> URL {
    let env = ProcessInfo.processInfo.environment["PRORANK_DATA"].flatMap { $0.isEmpty ? nil : $0 }
    let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let root = env.map { URL(fileURLWithPath: $0) } ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    let folder = root.appendingPathComponent(relative)
    guard FileManager.default.fileExists(atPath: folder.path) else {
        throw XCTSkip("shared data \(folder.path) not found; set PRORANK_DATA to run these checks")
    }
    return folder
}

/// A fresh temporary folder holding `files` (relative path → contents), removed at the end of the test.
func temporaryBEIRFolder(_ test: XCTestCase, _ files: [String: String]) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("prorank-test-\(UUID().uuidString)")
    for (path, contents) in files {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: url, atomically: true, encoding: .utf8)
    }
    test.addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
    return folder
}
