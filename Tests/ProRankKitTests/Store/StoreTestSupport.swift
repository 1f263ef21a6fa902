// Helpers for the run store tests: a temporary folder per test, removed when the test ends.

import Foundation
import XCTest

extension XCTestCase {
    /// A new empty folder under the system temporary directory, deleted after the test.
    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("prorank-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }
}
