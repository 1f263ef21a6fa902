// Errors of reading collections, runs and judgements: each names the file and line and gives a hint.

import Foundation

/// Data and I/O errors of the Data, Retrieval and Eval layers.
public enum DataError: Error, CustomStringConvertible, Equatable, Sendable {
    case fileNotFound(path: String, hint: String)
    case malformedLine(path: String, line: Int, reason: String)
    case duplicateID(path: String, line: Int, id: String)
    case invalidValue(String)
    /// The file exists but is not UTF-8 text (or cannot be read): the byte offset of the first bad byte, if any.
    case notText(path: String, offset: Int?, hint: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path, let hint): return "\(path): not found (hint: \(hint))"
        case .malformedLine(let path, let line, let reason): return "\(path):\(line): \(reason)"
        case .duplicateID(let path, let line, let id): return "\(path):\(line): duplicate id \"\(id)\" (ids must be unique)"
        case .invalidValue(let message): return message
        case .notText(let path, let offset?, let hint): return "\(path): not UTF-8 text (invalid byte at offset \(offset)) (hint: \(hint))"
        case .notText(let path, nil, let hint): return "\(path): cannot be read (hint: \(hint))"
        }
    }

    /// The text of a file, or the error that says why there is none: missing, unreadable, or not UTF-8.
    static func readText(_ url: URL, hint: String) throws -> String {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else { throw fileNotFound(path: path, hint: hint) }
        guard let data = try? Data(contentsOf: url) else { throw notText(path: path, offset: nil, hint: hint) }
        if let text = String(validating: data, as: UTF8.self) { return text }
        var decoder = UTF8(), bytes = data.makeIterator(), offset = 0
        while case .scalarValue(let scalar) = decoder.decode(&bytes) { offset += UTF8.width(scalar) }
        throw notText(path: path, offset: offset, hint: hint)
    }
}
