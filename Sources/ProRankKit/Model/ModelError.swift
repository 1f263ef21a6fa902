// Errors of model loading and configuration: each names the file or field and says what to do.

/// Errors raised while configuring, loading or saving a model.
public enum ModelError: Error, CustomStringConvertible, Equatable {
    case invalidConfig(String)
    case fileNotFound(String, hint: String)
    case missingWeight(name: String, source: String)
    case weightShape(name: String, expected: [Int], found: [Int], source: String)
    case unsupported(String)

    public var description: String {
        switch self {
        case .invalidConfig(let message):
            return "invalid model config: \(message)"
        case .fileNotFound(let path, let hint):
            return "\(path): not found (hint: \(hint))"
        case .missingWeight(let name, let source):
            return "\(source): weight \(name) is missing (hint: is the file from a llama/qwen2 model with this config?)"
        case .weightShape(let name, let expected, let found, let source):
            return "\(source): weight \(name) has shape \(found), the config implies \(expected)"
        case .unsupported(let message):
            return message
        }
    }
}
