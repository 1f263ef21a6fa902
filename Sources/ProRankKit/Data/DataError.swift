// Errors of reading collections, runs and judgements: each names the file and line and gives a hint.

/// Data and I/O errors of the Data, Retrieval and Eval layers.
public enum DataError: Error, CustomStringConvertible, Equatable, Sendable {
    case fileNotFound(path: String, hint: String)
    case malformedLine(path: String, line: Int, reason: String)
    case duplicateID(path: String, line: Int, id: String)
    case invalidValue(String)

    public var description: String {
        switch self {
        case .fileNotFound(let path, let hint): return "\(path): not found (hint: \(hint))"
        case .malformedLine(let path, let line, let reason): return "\(path):\(line): \(reason)"
        case .duplicateID(let path, let line, let id): return "\(path):\(line): duplicate id \"\(id)\" (ids must be unique)"
        case .invalidValue(let message): return message
        }
    }
}
