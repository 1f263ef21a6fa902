// Locating the reference fixtures (../shared/fixtures, or $PRORANK_FIXTURES) and reading their JSON.

import Foundation
import XCTest

/// The fixtures folder: `$PRORANK_FIXTURES`, else `<package root>/../shared/fixtures`. Throws `XCTSkip` with a
/// visible message when it is absent, so the suite passes on a fresh clone elsewhere.
func fixturesRoot() throws -> URL {
    let env = ProcessInfo.processInfo.environment["PRORANK_FIXTURES"].flatMap { $0.isEmpty ? nil : $0 }
    let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let root = env.map { URL(fileURLWithPath: $0) } ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures")
    guard FileManager.default.fileExists(atPath: root.path) else {
        throw XCTSkip("reference fixtures not found at \(root.path); set PRORANK_FIXTURES to run these checks")
    }
    return root
}

/// A fixture subfolder, skipping when it is missing.
func fixtureFolder(_ relative: String) throws -> URL {
    let url = try fixturesRoot().appendingPathComponent(relative)
    guard FileManager.default.fileExists(atPath: url.path) else {
        throw XCTSkip("fixture folder \(url.path) not found")
    }
    return url
}

/// Sorted subfolders of a fixture folder (each a case, e.g. one model).
func fixtureSubfolders(_ folder: URL) throws -> [URL] {
    try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.isDirectoryKey])
        .filter { (try? $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true }
        .sorted { $0.lastPathComponent < $1.lastPathComponent }
}

/// A JSON document as nested `[String: Any]` / `[Any]` / `NSNumber` / `String` / `NSNull`.
func readJSON(_ url: URL) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(contentsOf: url), options: [.fragmentsAllowed])
}

/// Typed access into fixture JSON; failures name the key path.
struct JSONValueReader {
    let value: Any
    let path: String

    init(_ value: Any, path: String = "$") {
        self.value = value
        self.path = path
    }

    subscript(key: String) -> JSONValueReader {
        JSONValueReader((value as? [String: Any])?[key] ?? NSNull(), path: "\(path).\(key)")
    }

    subscript(index: Int) -> JSONValueReader {
        let array = value as? [Any] ?? []
        return JSONValueReader(index < array.count ? array[index] : NSNull(), path: "\(path)[\(index)]")
    }

    var isNull: Bool { value is NSNull }
    var array: [JSONValueReader] { (value as? [Any] ?? []).enumerated().map { JSONValueReader($1, path: "\(path)[\($0)]") } }
    var keys: [String] { ((value as? [String: Any])?.keys).map { Array($0).sorted() } ?? [] }
    var int: Int? { (value as? NSNumber)?.intValue }
    var double: Double? { (value as? NSNumber)?.doubleValue }
    var string: String? { value as? String }
    var bool: Bool? { (value as? NSNumber)?.boolValue }
    var ints: [Int] { (value as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.intValue } }
    var floats: [Float] { (value as? [Any] ?? []).compactMap { ($0 as? NSNumber).map { Float($0.doubleValue) } } }
    var doubles: [Double] { (value as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.doubleValue } }
}
