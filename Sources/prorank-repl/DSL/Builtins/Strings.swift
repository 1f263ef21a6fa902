// String members in Swift spelling: `count`, `isEmpty`, `first`, `hasPrefix`, `hasSuffix`, `contains`,
// `split(separator:)`, `lowercased()`, `uppercased()`, `trimmingCharacters(in: .whitespacesAndNewlines)`,
// `components(separatedBy:)`, `replacingOccurrences(of:with:)`. Characters are one-character Strings.

import Foundation

enum Strings {
    static func property(_ s: String, _ name: String) -> Value? {
        switch name {
        case "count": return .int(s.count)
        case "isEmpty": return .bool(s.isEmpty)
        case "first": return .optional(s.first.map { .string(String($0)) })
        case "last": return .optional(s.last.map { .string(String($0)) })
        default: return nil
        }
    }

    static func method(_ s: String, _ name: String, _ args: CallArguments) throws -> Value? {
        switch name {
        case "hasPrefix", "hasSuffix":
            try args.expect([nil])
            let other = try args.string(0)
            return .bool(name == "hasPrefix" ? s.hasPrefix(other) : s.hasSuffix(other))
        case "contains":
            if args.count == 1, args.labels[0] == "where" || args.trailing[0] {
                let f = try args.function(0)
                return .bool(try s.contains { try args.interpreter.truth(try args.interpreter.call(f, [.string(String($0))], at: args.location), at: args.location) })
            }
            try args.expect([nil])
            return .bool(s.contains(try args.string(0)))
        case "lowercased", "uppercased":
            try args.expect([])
            return .string(name == "lowercased" ? s.lowercased() : s.uppercased())
        case "split":
            try args.expect(["separator"])
            let separator = try args.string(0)
            guard separator.count == 1, let character = separator.first else {
                throw args.fail("split(separator:) takes a single Character, not \(separator.debugDescription)")
            }
            return .array(s.split(separator: character).map { .string(String($0)) })
        case "components":
            try args.expect(["separatedBy"])
            return .array(s.components(separatedBy: try args.string(0)).map(Value.string))
        case "replacingOccurrences":
            try args.expect(["of", "with"])
            return .string(s.replacingOccurrences(of: try args.string(0), with: try args.string(1)))
        case "trimmingCharacters":
            try args.expect(["in"])
            guard case .enumCase(let set) = args[0], let characters = characterSets[set] else {
                throw args.fail("trimmingCharacters(in:) takes .whitespaces, .whitespacesAndNewlines, .newlines or .punctuationCharacters")
            }
            return .string(s.trimmingCharacters(in: characters))
        default:
            // The Sequence methods (`map`, `filter`, `reversed`, `sorted`…) over the characters.
            return try Collections.method(.array(s.map { .string(String($0)) }), name, args)
        }
    }

    static let characterSets: [String: CharacterSet] = [
        "whitespaces": .whitespaces, "whitespacesAndNewlines": .whitespacesAndNewlines, "newlines": .newlines,
        "punctuationCharacters": .punctuationCharacters,
    ]
}
