// Calls: DSL functions (argument labels, defaults, trailing closures, a depth limit), closures (`$0`, named
// parameters, tuple splatting as in `enumerated().map { (i, x) in … }`), builtins, and method calls, including
// the mutating ones (`xs.append(1)`) that write back through the variable they were called on.

/// The evaluated arguments of a call, as builtins receive them.
struct CallArguments {
    var values: [Value]
    var labels: [String?]
    /// Which arguments were written as trailing closures (they match a parameter whatever its label).
    var trailing: [Bool]
    /// Which arguments were integer literals (Swift would type them as Double for a Double parameter).
    var literals: [Bool]
    /// The call's location: where builtin errors point.
    var location: SourceLocation
    /// The function or method called, for error messages.
    var name: String
    unowned let interpreter: Interpreter

    var count: Int { values.count }
    subscript(i: Int) -> Value { values[i] }

    func fail(_ message: String) -> RuntimeError { interpreter.fail(message, at: location) }

    /// `name(a:_:)`: the labels as written, for "have … expected …" messages.
    var spelled: String { "\(name)(" + zip(labels, trailing).map { $1 ? "_:" : "\($0 ?? "_"):" }.joined() + ")" }

    /// Checks the labels against one accepted signature (nil for `_`), trailing closures matching any label.
    func expect(_ expected: [String?]) throws {
        let ok = expected.count == count && zip(zip(expected, labels), trailing).allSatisfy { pair, trailing in trailing || pair.0 == pair.1 }
        guard ok else { throw mismatch(expected) }
    }

    /// Matches the arguments to `signature`: its first `required` entries are positional (labels as given there),
    /// the rest optional labelled arguments in signature order; a trailing closure counts as `trailingLabel`.
    /// Returns the argument index of each optional label given; anything else is the "incorrect arguments" error.
    func options(_ signature: [String?], required: Int, trailingLabel: String? = nil) throws -> [String: Int] {
        guard count >= required, (0..<required).allSatisfy({ labels[$0] == signature[$0] }) else { throw mismatch(signature) }
        var found: [String: Int] = [:], last = required - 1
        for i in required..<count {
            let label = trailing[i] ? trailingLabel : labels[i]
            guard let label, let position = signature.firstIndex(of: label), position > last else { throw mismatch(signature) }
            last = position
            found[label] = i
        }
        return found
    }

    func mismatch(_ expected: [String?]...) -> RuntimeError {
        let options = expected.map { "'\(name)(" + $0.map { "\($0 ?? "_"):" }.joined() + ")'" }.joined(separator: " or ")
        return fail("incorrect arguments in call: have '\(spelled)', expected \(options)")
    }

    func int(_ i: Int) throws -> Int {
        guard case .int(let v) = values[i] else { throw fail("\(name): argument \(i + 1) must be an Int, not '\(values[i].typeName)'") }
        return v
    }

    /// A Double argument; an Int is accepted too (a literal would be typed as Double by Swift).
    func double(_ i: Int) throws -> Double {
        switch values[i] {
        case .double(let v): return v
        case .int(let v): return Double(v)
        default: throw fail("\(name): argument \(i + 1) must be a Double, not '\(values[i].typeName)'")
        }
    }

    func string(_ i: Int) throws -> String {
        guard case .string(let v) = values[i] else { throw fail("\(name): argument \(i + 1) must be a String, not '\(values[i].typeName)'") }
        return v
    }

    func bool(_ i: Int) throws -> Bool {
        guard case .bool(let v) = values[i] else { throw fail("\(name): argument \(i + 1) must be a Bool, not '\(values[i].typeName)'") }
        return v
    }

    func function(_ i: Int) throws -> Callable {
        guard case .function(let f) = values[i] else { throw fail("\(name): argument \(i + 1) must be a function or closure, not '\(values[i].typeName)'") }
        return f
    }

    func array(_ i: Int) throws -> [Value] {
        guard case .array(let v) = values[i] else { throw fail("\(name): argument \(i + 1) must be an array, not '\(values[i].typeName)'") }
        return v
    }
}

extension Interpreter {
    func call(_ callee: Expr, _ argExprs: [CallArgument], in scope: Environment, at: SourceLocation) throws -> Value {
        if argExprs.isEmpty, let empty = emptyCollection(callee) { return empty }
        if case .member(let baseExpr?, let name, _) = callee {
            if Builtins.mutatingMethods.contains(name), isStorage(baseExpr) {
                let args = try arguments(argExprs, name: name, in: scope, at: at)
                var result = Value.void
                try modify(baseExpr, in: scope, at: at, mutating: name) { value in
                    result = try Builtins.mutatingMethod(&value, name, args)
                }
                return result
            }
            let base = try evaluate(baseExpr, in: scope)
            return try Builtins.method(base, name, try arguments(argExprs, name: name, in: scope, at: at))
        }
        if case .member(nil, let name, _) = callee {   // `.lastLayers(6)`: a value with arguments, type implied
            return try TrainableObject.implicitMember(name, try arguments(argExprs, name: name, in: scope, at: at))
        }
        let function = try evaluate(callee, in: scope)
        guard case .function(let callable) = function else {
            throw fail("cannot call value of non-function type '\(function.typeName)'", at: at)
        }
        return try invoke(callable, try arguments(argExprs, name: callable.name, in: scope, at: at))
    }

    /// `[Int]()` and `[String: Int]()`: an array or dictionary type called with no arguments.
    private func emptyCollection(_ callee: Expr) -> Value? {
        func isType(_ e: Expr) -> Bool {
            switch e {
            case .name(let n, _): return n.first?.isUppercase == true
            case .array(let items, _): return items.count == 1 && isType(items[0])
            case .dictionary(let pairs, _): return pairs.count == 1 && isType(pairs[0].key) && isType(pairs[0].value)
            default: return false
            }
        }
        guard isType(callee) else { return nil }
        if case .array = callee { return .array([]) }
        if case .dictionary = callee { return .dictionary(OrderedDict()) }
        return nil
    }

    /// Whether `expr` names storage a mutating method can write back to.
    private func isStorage(_ expr: Expr) -> Bool {
        switch expr {
        case .name: return true
        case .subscripted(let base, _, _), .forceUnwrap(let base, _), .member(let base?, _, _): return isStorage(base)
        default: return false
        }
    }

    private func arguments(_ args: [CallArgument], name: String, in scope: Environment, at: SourceLocation) throws -> CallArguments {
        CallArguments(values: try args.map { try evaluate($0.value, in: scope) }, labels: args.map(\.label), trailing: args.map(\.trailing),
                      literals: args.map(\.value.isIntegerLiteral), location: at, name: name, interpreter: self)
    }

    /// Calls `callable` from a builtin (a `map` closure, a kernel callback) with plain positional values.
    func call(_ callable: Callable, _ values: [Value], at: SourceLocation) throws -> Value {
        try invoke(callable, CallArguments(values: values, labels: values.map { _ in nil }, trailing: values.map { _ in false },
                                           literals: values.map { _ in false }, location: at, name: callable.name, interpreter: self))
    }

    func invoke(_ callable: Callable, _ args: CallArguments) throws -> Value {
        let decl: FunctionDecl, captured: Environment
        switch callable.kind {
        case .builtin(let body): return try body(self, args)
        case .user(let d, let env): (decl, captured) = (d, env)
        }
        guard frames.count < limits.callDepth else {
            throw fail("call depth limit of \(limits.callDepth) nested calls exceeded calling '\(callable.name)' (endless recursion?)", at: args.location)
        }
        let scope = Environment(parent: captured)
        try bindParameters(decl, args, in: scope)
        frames.append((decl.isClosure ? "closure" : decl.signature, args.location))
        defer { frames.removeLast() }
        var result: Value
        if decl.body.count == 1, case .expr(let e) = decl.body[0] {
            result = try evaluate(e, in: scope)  // a single expression is the result, as in Swift
        } else {
            switch try execute(decl.body, in: scope) {
            case .returned(let v, _): result = v
            case .normal: result = .void
            case .breakLoop(let at): throw fail("'break' is only allowed inside a loop or switch", at: at)
            case .continueLoop(let at): throw fail("'continue' is only allowed inside a loop", at: at)
            }
        }
        guard let type = decl.returnType, !["Void", "()"].contains(type) else { return result }
        if case .void = result { throw fail("missing return in '\(decl.isClosure ? "closure" : decl.name)' expected to return '\(type)'", at: decl.location) }
        return try coerce(result, to: type, literal: true, at: decl.location)
    }

    private func bindParameters(_ decl: FunctionDecl, _ args: CallArguments, in scope: Environment) throws {
        if decl.usesDollar {
            var values = args.values
            if decl.dollarCount > 1, values.count == 1, case .tuple(let items, _) = values[0], items.count >= decl.dollarCount {
                values = items  // `zip(a, b).map { $0 * $1 }`
            }
            for (i, value) in values.enumerated() { scope.define("$\(i)", value, isLet: true) }
            return
        }
        if decl.isClosure {
            var values = args.values
            if decl.parameters.count > 1, values.count == 1, case .tuple(let items, _) = values[0], items.count == decl.parameters.count {
                values = items  // `{ (i, x) in … }` over `enumerated()` or `zip`
            }
            guard values.count == decl.parameters.count else {
                throw fail("closure expects \(decl.parameters.count) argument(s), but \(values.count) were given", at: args.location)
            }
            for (p, value) in zip(decl.parameters, values) {
                scope.define(p.name, try p.type.map { try coerce(value, to: $0, literal: false, at: args.location) } ?? value, isLet: true)
            }
            return
        }
        var i = 0
        for p in decl.parameters {
            var value: Value, literal: Bool
            if i < args.count, args.labels[i] == p.label || args.trailing[i] {
                (value, literal) = (args.values[i], args.literals[i])
                i += 1
            } else if let defaultValue = p.defaultValue {
                (value, literal) = (try evaluate(defaultValue, in: scope), defaultValue.isIntegerLiteral)
            } else {
                throw fail("incorrect arguments in call: have '\(args.spelled)', expected '\(decl.signature)'", at: args.location)
            }
            if let type = p.type { value = try coerce(value, to: type, literal: literal, at: args.location) }
            scope.define(p.name, value, isLet: true)
        }
        guard i == args.count else {
            throw fail("incorrect arguments in call: have '\(args.spelled)', expected '\(decl.signature)'", at: args.location)
        }
    }
}

extension CallArguments {
    /// Runs a file-access check, turning its refusal into an error at the call (`name: message`).
    func checked<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as FileAccessError {
            throw fail("\(name): \(error.description)")
        }
    }
}
