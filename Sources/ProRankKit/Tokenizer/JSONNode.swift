// A value inside a parsed JSON document (JSONSerialization's tree) that knows its key path, so that every
// type or presence error names the file and the exact place ("tokenizer.json: … at model.merges[12]").

import Foundation

/// A JSON value and where it sits in its file.
///
/// Foundation's JSONSerialization (swift-foundation 6.3) drops a U+FEFF at the start of a string; byte-level
/// vocabularies never contain that character (their alphabet ends at U+0143), so tokenizer files are not affected.
struct JSONNode {
    /// The parsed value: NSNull/nil for null or absent, else String, NSNumber, [Any], [String: Any].
    let value: Any?
    let path: String
    let file: String

    /// Parses `data` (a whole file).
    init(data: Data, file: String) throws {
        do {
            value = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw TokenizerError.invalidJSON(file: file, keyPath: "", reason: "not valid JSON (\(error.localizedDescription))")
        }
        path = ""
        self.file = file
    }

    private init(value: Any?, path: String, file: String) {
        self.value = value
        self.path = path
        self.file = file
    }

    /// Absent or null. (An exact type test: `value is NSNull` would first bridge a large Swift array or dictionary
    /// to its Objective-C counterpart, which costs seconds for a 150 k-entry vocabulary.)
    var isNull: Bool {
        guard let value else { return true }
        return type(of: value) == NSNull.self
    }

    func error(_ reason: String) -> TokenizerError {
        TokenizerError.invalidJSON(file: file, keyPath: path.isEmpty ? "(top level)" : path, reason: reason)
    }

    /// The member `key` of an object (null when absent). Throws when this is not an object.
    subscript(key: String) -> JSONNode {
        get throws {
            let object = try self.object()
            return JSONNode(value: object[key], path: path.isEmpty ? key : path + "." + key, file: file)
        }
    }

    func object() throws -> [String: Any] {
        guard let object = value as? [String: Any] else { throw error("expected an object, found \(kind)") }
        return object
    }

    func array() throws -> [JSONNode] {
        guard let array = value as? [Any] else { throw error("expected an array, found \(kind)") }
        return array.enumerated().map { JSONNode(value: $1, path: "\(path)[\($0)]", file: file) }
    }

    func string() throws -> String {
        guard let s = value as? String else { throw error("expected a string, found \(kind)") }
        return s
    }

    func optionalString() throws -> String? { isNull ? nil : try string() }

    func int() throws -> Int {
        guard !(value is String), let n = value as? NSNumber, let i = Int(exactly: n.doubleValue) else {
            throw error("expected an integer, found \(kind)")
        }
        return i
    }

    func bool(default fallback: Bool) throws -> Bool {
        if isNull { return fallback }
        guard let b = value as? Bool else { throw error("expected true or false, found \(kind)") }
        return b
    }

    /// A short description of what the value is, for messages.
    var kind: String {
        switch value {
        case nil, is NSNull: return "null"
        case let s as String: return "the string \"\(s.prefix(40))\""
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        case let n as NSNumber: return "the number \(n)"
        default: return "\(type(of: value!))"
        }
    }
}
