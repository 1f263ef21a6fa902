// The notebook language's run-time values and how `print` shows them. Formatting follows Swift's: `description`
// at the top level (`1.0`, `abc`, `Optional(1)`), `debugDescription` inside collections (`["a", "b"]`).

/// An object from ProRankKit (a dataset, an index, a run, metrics…), opaque to the language: it prints itself and
/// answers member access and method calls through `Interpreter`'s builtin tables.
protocol KernelObject: AnyObject {
    /// The type name shown in errors (`Dataset`, `BM25Index`).
    var typeName: String { get }
    /// A compact, useful description for `print`.
    var summary: String { get }
    /// `object.name`, or nil when there is no such member (the default).
    func property(_ name: String, _ interpreter: Interpreter, at: SourceLocation) throws -> Value?
    /// `object.name(args)`, or nil when there is no such method (the default).
    func method(_ name: String, _ args: CallArguments) throws -> Value?
    /// What `for x in object` walks (labelled tuples), or nil when the object is not a sequence (the default).
    var elements: [Value]? { get }
    /// `object[index]`, or nil when it cannot be subscripted with these values (the default).
    func subscripted(_ index: [Value], labels: [String?], _ interpreter: Interpreter, at: SourceLocation) throws -> Value?
}

/// A dictionary key: the hashable values (Swift's `Hashable` scalars).
enum DictKey: Hashable, Sendable {
    case int(Int), double(Double), bool(Bool), string(String)

    var value: Value {
        switch self {
        case .int(let v): return .int(v)
        case .double(let v): return .double(v)
        case .bool(let v): return .bool(v)
        case .string(let v): return .string(v)
        }
    }
}

/// A dictionary that remembers insertion order, so that printing it is deterministic (Swift's order is not, so
/// golden cases print dictionaries of one entry or sorted keys).
struct OrderedDict: Sendable, Equatable {
    private(set) var keys: [DictKey] = []
    private var storage: [DictKey: Value] = [:]

    var count: Int { keys.count }
    subscript(key: DictKey) -> Value? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }
    var entries: [(key: DictKey, value: Value)] { keys.map { ($0, storage[$0]!) } }

    static func == (a: OrderedDict, b: OrderedDict) -> Bool { a.storage == b.storage }
}

/// A value of the notebook language.
enum Value: @unchecked Sendable {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)
    case array([Value])
    case dictionary(OrderedDict)
    /// `Optional`: `.optional(nil)` is `nil`, `.optional(v)` is `Optional(v)`.
    indirect case optional(Value?)
    /// `lower..<upper` or `lower...upper`.
    case range(Int, Int, closed: Bool)
    /// A tuple, e.g. an `enumerated()` element `(offset: 0, element: x)`.
    case tuple([Value], labels: [String?])
    case function(Callable)
    /// A dot-shorthand enum value (`.listwise`, `.whitespacesAndNewlines`).
    case enumCase(String)
    case kernel(KernelObject)
    /// The result of a statement-like call (`print`, `append`): Swift's `()`.
    case void

    /// Swift's type name for errors: `Int`, `[String]`, `Int?`.
    var typeName: String {
        switch self {
        case .int: return "Int"
        case .double: return "Double"
        case .bool: return "Bool"
        case .string: return "String"
        case .array(let a): return "[\(a.first?.typeName ?? "Any")]"
        case .dictionary(let d): return d.entries.first.map { "[\($0.key.value.typeName): \($0.value.typeName)]" } ?? "[AnyHashable: Any]"
        case .optional(let v): return (v?.typeName ?? "Any") + "?"
        case .range(_, _, let closed): return closed ? "ClosedRange<Int>" : "Range<Int>"
        case .tuple(let items, _): return "(" + items.map(\.typeName).joined(separator: ", ") + ")"
        case .function: return "function"
        case .enumCase: return "enum case"
        case .kernel(let k): return k.typeName
        case .void: return "()"
        }
    }

    /// What `print(value)` and `"\(value)"` show.
    var description: String {
        switch self {
        case .int(let v): return String(v)
        case .double(let v): return String(describing: v)
        case .bool(let v): return String(v)
        case .string(let v): return v
        case .array(let a): return "[" + a.map(\.debugDescription).joined(separator: ", ") + "]"
        case .dictionary(let d):
            if d.count == 0 { return "[:]" }
            return "[" + d.entries.map { "\($0.key.value.debugDescription): \($0.value.debugDescription)" }.joined(separator: ", ") + "]"
        case .optional(let v): return v.map { "Optional(\($0.debugDescription))" } ?? "nil"
        case .range(let lo, let hi, let closed): return "\(lo)\(closed ? "..." : "..<")\(hi)"
        case .tuple(let items, let labels):
            return "(" + zip(items, labels).map { ($1.map { "\($0): " } ?? "") + $0.debugDescription }.joined(separator: ", ") + ")"
        case .function: return "(Function)"
        case .enumCase(let name): return name
        case .kernel(let k): return k.summary
        case .void: return "()"
        }
    }

    /// How the value shows inside a collection or an Optional: strings quoted and escaped.
    var debugDescription: String {
        if case .string(let s) = self { return String(reflecting: s) }
        return description
    }

    /// The Swift value for a dictionary key, or nil when the value is not hashable.
    var dictKey: DictKey? {
        switch self {
        case .int(let v): return .int(v)
        case .double(let v): return .double(v)
        case .bool(let v): return .bool(v)
        case .string(let v): return .string(v)
        default: return nil
        }
    }
}

extension Value: Equatable {
    /// Swift's `==`: same type and same contents; an Optional equals a plain value it wraps.
    static func == (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y
        case (.double(let x), .double(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.dictionary(let x), .dictionary(let y)): return x == y
        case (.optional(let x), .optional(let y)): return x == y
        case (.optional(let x?), _): return x == b
        case (_, .optional(let y?)): return a == y
        case (.range(let a1, let a2, let c1), .range(let b1, let b2, let c2)): return a1 == b1 && a2 == b2 && c1 == c2
        case (.tuple(let x, _), .tuple(let y, _)): return x == y
        case (.enumCase(let x), .enumCase(let y)): return x == y
        case (.kernel(let x), .kernel(let y)): return x === y
        case (.void, .void): return true
        default: return false
        }
    }
}
