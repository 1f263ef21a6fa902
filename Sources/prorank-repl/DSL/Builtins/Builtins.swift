// The builtin registry of the notebook language: global functions installed into the global scope (one file
// per area: Stdlib, Math, Retrieval, Evaluation, Files, Models), and member access / method calls dispatched on the receiver's type
// (Collections, Strings, kernel objects). Names and labels follow Swift's standard library and DESIGN.md §5.

/// Members and methods of kernel objects; the default answers "no such member".
extension KernelObject {
    func property(_ name: String, _ interpreter: Interpreter, at: SourceLocation) throws -> Value? { nil }
    func method(_ name: String, _ args: CallArguments) throws -> Value? { nil }
    var elements: [Value]? { nil }
    /// `object[index]`, or nil when the object cannot be subscripted with these values (the default).
    func subscripted(_ index: [Value], labels: [String?], _ interpreter: Interpreter, at: SourceLocation) throws -> Value? { nil }
}

enum Builtins {
    /// Methods that change their receiver; called on a variable, they write the result back (Swift's `mutating`).
    static let mutatingMethods: Set<String> = [
        "append", "insert", "remove", "removeLast", "removeFirst", "removeAll", "sort", "reverse", "popLast", "removeValue",
    ]

    /// The type names of the kernel objects, as annotations may spell them (`func f(_ ds: Dataset)`).
    static let kernelTypeNames: Set<String> = [
        "Dataset", "Corpus", "Queries", "Qrels", "BM25Index", "Run", "Metrics", "Comparison", "Model", "Tokenizer", "StoredRun",
        "TrainingResult", "TrainingLog", "Reward", "RewardContext", "Trainable", "ZeroShot",
    ]

    static func install(in globals: Environment) {
        for table in [Stdlib.functions, MathBuiltins.functions, RetrievalBuiltins.functions, EvaluationBuiltins.functions, FileBuiltins.functions,
                      ModelBuiltins.functions, MethodBuiltins.functions, TrainingBuiltins.functions] {
            for (name, body) in table { globals.define(name, .function(.builtin(name, body)), isLet: true) }
        }
        for (name, value) in MethodBuiltins.constants { globals.define(name, value, isLet: true) }
    }

    /// `value.name`.
    static func property(_ value: Value, _ name: String, _ interpreter: Interpreter, at: SourceLocation) throws -> Value {
        switch value {
        case .array, .range, .dictionary, .tuple:
            if let v = try Collections.property(value, name, interpreter, at: at) { return v }
        case .string(let s):
            if let v = Strings.property(s, name) { return v }
        case .double(let d):
            switch name {
            case "isNaN": return .bool(d.isNaN)
            case "isInfinite": return .bool(d.isInfinite)
            case "isFinite": return .bool(d.isFinite)
            default: break
            }
        case .function(let f):
            if let v = MathBuiltins.staticMember(of: f.name, name) { return v }
        case .kernel(let k):
            if let v = try k.property(name, interpreter, at: at) { return v }
        case .optional:
            throw interpreter.fail("value of optional type '\(value.typeName)' must be unwrapped to refer to member '\(name)'; use 'if let' or '!'", at: at)
        default: break
        }
        throw interpreter.fail("value of type '\(value.typeName)' has no member '\(name)'", at: at)
    }

    /// `base.name(args)` for non-mutating methods.
    static func method(_ base: Value, _ name: String, _ args: CallArguments) throws -> Value {
        if mutatingMethods.contains(name), isCollection(base) {
            throw args.fail("cannot use mutating member '\(name)' on immutable value: store it in a 'var' first")
        }
        switch base {
        case .array, .range, .dictionary:
            if let v = try Collections.method(base, name, args) { return v }
        case .string(let s):
            if let v = try Strings.method(s, name, args) { return v }
        case .double(let d):
            if name == "rounded" { try args.expect([]); return .double(d.rounded()) }
            if name == "truncatingRemainder" { try args.expect(["dividingBy"]); return .double(d.truncatingRemainder(dividingBy: try args.double(0))) }
        case .kernel(let k):
            if let v = try k.method(name, args) { return v }
        case .optional:
            throw args.fail("value of optional type '\(base.typeName)' must be unwrapped to refer to member '\(name)'; use 'if let' or '!'")
        default: break
        }
        throw args.fail("value of type '\(base.typeName)' has no member '\(name)'")
    }

    /// `variable.name(args)` for the mutating methods, on the variable's value.
    static func mutatingMethod(_ value: inout Value, _ name: String, _ args: CallArguments) throws -> Value {
        if let result = try Collections.mutatingMethod(&value, name, args) { return result }
        if case .string(var s) = value, name == "append" {
            try args.expect([nil])
            s += try args.string(0)
            try args.interpreter.checkSize(s.utf8.count, at: args.location)
            value = .string(s)
            return .void
        }
        throw args.fail("value of type '\(value.typeName)' has no member '\(name)'")
    }

    private static func isCollection(_ value: Value) -> Bool {
        switch value {
        case .array, .dictionary, .string: return true
        default: return false
        }
    }
}

extension Interpreter {
    /// `base.name` where `base` evaluated to `value`.
    func member(of value: Value, _ name: String, base: Expr, at: SourceLocation) throws -> Value {
        try Builtins.property(value, name, self, at: at)
    }
}
