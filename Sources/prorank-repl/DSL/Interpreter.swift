// The notebook language's tree-walking interpreter (after Crafting Interpreters' jlox `Interpreter.java`): this
// file runs statements; expressions, operators and calls live in the `Interpreter+…` files, builtins in
// Builtins/. Errors are values (`RuntimeError`) that carry the location being evaluated and the DSL call stack.
// A step budget turns runaway loops into an error, and a depth limit does the same for runaway recursion.

import ProRankKit

/// An error raised while running DSL code.
struct RuntimeError: Error, Sendable {
    var message: String
    var location: SourceLocation
    /// DSL frames, innermost first.
    var stack: [CallFrame] = []

    var diagnostic: Diagnostic { Diagnostic(message: message, location: location, callStack: stack) }
}

/// How a statement finished: normally, or by `break`, `continue` or `return`.
enum ControlFlow {
    case normal
    case breakLoop(SourceLocation)
    case continueLoop(SourceLocation)
    case returned(Value, SourceLocation)
}

final class Interpreter {
    struct Limits {
        /// Statements and expressions evaluated before the run stops with an error.
        var steps = 10_000_000
        /// Elements an array (or characters a string) may hold: a doubling loop ends with an error, not out of memory.
        var collectionSize = 10_000_000
        /// Nested DSL calls before the run stops with an error.
        var callDepth = 1_000
    }

    let limits: Limits
    /// Files, run store and interrupt flag, from the host.
    let context: RunContext
    /// Where `print` writes (stdout for `exec`, a buffer for tests and notebooks).
    let output: (String) -> Void
    let globals: Environment
    private(set) var steps = 0
    /// Active DSL calls, innermost last: the function's name and where it was called.
    var frames: [(name: String, at: SourceLocation)] = []
    /// Frozen-trunk caches of this run, shared by every `.lastLayers(n)` model trained from the same start.
    var trunkCaches: [TrunkCache] = []

    init(limits: Limits = Limits(), context: RunContext = RunContext(), output: @escaping (String) -> Void) {
        self.limits = limits
        self.context = context
        self.output = output
        globals = Environment()
        Builtins.install(in: globals)
    }

    /// Runs a lowered program in the global scope.
    func run(_ program: [Stmt]) throws {
        switch try execute(program, in: globals) {
        case .normal: return
        case .breakLoop(let at): throw fail("'break' is only allowed inside a loop or switch", at: at)
        case .continueLoop(let at): throw fail("'continue' is only allowed inside a loop", at: at)
        case .returned(_, let at): throw fail("return invalid outside of a func", at: at)
        }
    }

    /// A runtime error at `at`, with the DSL call stack.
    func fail(_ message: String, at: SourceLocation) -> RuntimeError {
        RuntimeError(message: message, location: at, stack: frames.reversed().map { CallFrame(name: $0.name, location: $0.at) })
    }

    /// Counts one evaluation step against the budget, and every 4096 steps looks for an interrupt.
    @inline(__always) func step(_ at: SourceLocation) throws {
        steps += 1
        if steps > limits.steps {
            throw fail("step budget of \(limits.steps) evaluation steps exhausted (an endless loop?)", at: at)
        }
        if steps & 4095 == 0, context.interrupt.consume() {
            throw fail("interrupted", at: at)
        }
    }

    // MARK: Statements

    /// Runs `statements` in `scope`; functions declared in the block are visible from its start, as in Swift.
    func execute(_ statements: [Stmt], in scope: Environment) throws -> ControlFlow {
        for case .function(let decl) in statements {
            scope.define(decl.name, .function(Callable(name: decl.name, kind: .user(decl, scope))), isLet: true)
        }
        for statement in statements {
            let flow = try execute(statement, in: scope)
            if case .normal = flow { continue }
            return flow
        }
        return .normal
    }

    func execute(_ statement: Stmt, in scope: Environment) throws -> ControlFlow {
        switch statement {
        case .expr(let e):
            _ = try evaluate(e, in: scope)
        case .function:
            break  // defined when its block started
        case .binding(let isLet, let pattern, let type, let valueExpr, let at):
            try step(at)
            guard let valueExpr else {
                guard case .name(let name) = pattern, let type else { throw fail("a declaration without a value needs a name and a type", at: at) }
                // `var x: Int?` starts as nil; `let x: Int` and `var x: Int` must be assigned before use.
                let optional = type.hasSuffix("?")
                scope.define(name, optional ? .optional(nil) : .void, isLet: isLet, initialized: optional && !isLet)
                return .normal
            }
            var value = try evaluate(valueExpr, in: scope)
            if let type { value = try coerce(value, to: type, literal: valueExpr.isIntegerLiteral, at: valueExpr.location) }
            try bind(pattern, to: value, isLet: isLet, in: scope, at: at)
        case .ifStmt(let conditions, let thenBody, let elseBody, let at):
            try step(at)
            let inner = Environment(parent: scope)
            if try test(conditions, in: inner) { return try execute(thenBody, in: inner) }
            if let elseBody { return try execute(elseBody, in: Environment(parent: scope)) }
        case .guardStmt(let conditions, let elseBody, let at):
            try step(at)
            // Names bound by the guard stay visible after it, so they go into the enclosing scope.
            if try test(conditions, in: scope) { return .normal }
            let flow = try execute(elseBody, in: Environment(parent: scope))
            if case .normal = flow { throw fail("'guard' body must not fall through; use 'return', 'break' or 'continue'", at: at) }
            return flow
        case .whileStmt(let conditions, let body, let at):
            while true {
                try step(at)
                let inner = Environment(parent: scope)
                guard try test(conditions, in: inner) else { break }
                switch try execute(body, in: inner) {
                case .breakLoop: return .normal
                case .returned(let v, let l): return .returned(v, l)
                case .normal, .continueLoop: continue
                }
            }
        case .forIn(let pattern, let sequenceExpr, let whereClause, let body, let at):
            let value = try evaluate(sequenceExpr, in: scope)
            // Ranges are walked lazily: `for i in 0..<Int.max` runs into the step budget, not out of memory.
            let sequence: AnySequence<Value>
            if case .range(let lo, let hi, let closed) = value {
                sequence = closed ? AnySequence((lo...hi).lazy.map(Value.int)) : AnySequence((lo..<hi).lazy.map(Value.int))
            } else {
                sequence = AnySequence(try elements(of: value, at: sequenceExpr.location))
            }
            for element in sequence {
                try step(at)
                let inner = Environment(parent: scope)
                try bind(pattern, to: element, isLet: true, in: inner, at: at)
                if let whereClause, try !truth(try evaluate(whereClause, in: inner), at: whereClause.location) { continue }
                switch try execute(body, in: inner) {
                case .breakLoop: return .normal
                case .returned(let v, let l): return .returned(v, l)
                case .normal, .continueLoop: continue
                }
            }
        case .switchStmt(let subjectExpr, let cases, let at):
            try step(at)
            let subject = try evaluate(subjectExpr, in: scope)
            for c in cases where try matches(subject, c, in: scope) {
                switch try execute(c.body, in: Environment(parent: scope)) {
                case .breakLoop: return .normal  // `break` ends the switch
                case let flow: return flow
                }
            }
            throw fail("switch must be exhaustive: no case matches \(subject.debugDescription)", at: at)
        case .breakStmt(let at): return .breakLoop(at)
        case .continueStmt(let at): return .continueLoop(at)
        case .returnStmt(let e, let at):
            return .returned(try e.map { try evaluate($0, in: scope) } ?? .void, at)
        }
        return .normal
    }

    private func matches(_ subject: Value, _ c: SwitchCase, in scope: Environment) throws -> Bool {
        if !c.patterns.isEmpty {
            var found = false
            for patternExpr in c.patterns {
                let pattern = try evaluate(patternExpr, in: scope)
                switch (pattern, subject) {
                case (.range(let lo, let hi, let closed), .int(let v)): found = v >= lo && (closed ? v <= hi : v < hi)
                case (.int(let p), .double(let v)) where patternExpr.isIntegerLiteral: found = Double(p) == v
                default: found = pattern == subject
                }
                if found { break }
            }
            if !found { return false }
        }
        guard let guardExpr = c.guardExpr else { return true }
        return try truth(try evaluate(guardExpr, in: scope), at: guardExpr.location)
    }

    /// Evaluates `if`/`guard`/`while` conditions left to right, binding `if let` names into `scope`.
    func test(_ conditions: [Condition], in scope: Environment) throws -> Bool {
        for condition in conditions {
            switch condition {
            case .expr(let e):
                if try !truth(try evaluate(e, in: scope), at: e.location) { return false }
            case .bind(let name, let valueExpr, let isLet, let at):
                guard case .optional(let wrapped) = try evaluate(valueExpr, in: scope) else {
                    throw fail("initializer for conditional binding must have Optional type", at: at)
                }
                guard let wrapped else { return false }
                scope.define(name, wrapped, isLet: isLet)
            }
        }
        return true
    }

    /// Refuses a collection of `count` elements beyond the size limit.
    func checkSize(_ count: Int, at: SourceLocation) throws {
        guard count <= limits.collectionSize else {
            throw fail("collection of \(count) elements exceeds the limit of \(limits.collectionSize)", at: at)
        }
    }

    func truth(_ value: Value, at: SourceLocation) throws -> Bool {
        guard case .bool(let b) = value else { throw fail("type '\(value.typeName)' cannot be used as a boolean; test for '!= nil' or compare explicitly", at: at) }
        return b
    }

    /// Binds a `let`/`var`/`for` pattern: a name, `_`, or a tuple of patterns against a tuple value.
    func bind(_ pattern: Pattern, to value: Value, isLet: Bool, in scope: Environment, at: SourceLocation) throws {
        switch pattern {
        case .wildcard: return
        case .name(let name): scope.define(name, value, isLet: isLet)
        case .tuple(let patterns):
            guard case .tuple(let items, _) = value, items.count == patterns.count else {
                throw fail("cannot destructure a value of type '\(value.typeName)' into \(patterns.count) names", at: at)
            }
            for (p, v) in zip(patterns, items) { try bind(p, to: v, isLet: isLet, in: scope, at: at) }
        }
    }

    /// The elements a `for … in` walks: an array's, a range's integers, a string's characters, a dictionary's
    /// `(key:value:)` pairs.
    func elements(of value: Value, at: SourceLocation) throws -> [Value] {
        switch value {
        case .array(let items): return items
        case .range(let lo, let hi, let closed):
            let (count, overflow) = hi.subtractingReportingOverflow(lo)
            guard !overflow, count < limits.collectionSize else {
                throw fail("range \(value.description) is too large to turn into an array (limit \(limits.collectionSize) elements)", at: at)
            }
            return closed ? (lo...hi).map(Value.int) : (lo..<hi).map(Value.int)
        case .string(let s): return s.map { .string(String($0)) }
        case .dictionary(let d): return d.entries.map { .tuple([$0.key.value, $0.value], labels: ["key", "value"]) }
        case .kernel(let k) where k.elements != nil: return k.elements!
        default: throw fail("for-in loop requires a sequence, not a value of type '\(value.typeName)'", at: at)
        }
    }

    /// Converts a value to a declared type as Swift's type checker would: integer literals become Doubles, values
    /// become Optionals; a clear mismatch of the basic types is an error.
    func coerce(_ value: Value, to type: String, literal: Bool, at: SourceLocation) throws -> Value {
        let type = type.replacingOccurrences(of: " ", with: "")
        if type.hasSuffix("?") {
            if case .optional = value { return value }
            return .optional(try coerce(value, to: String(type.dropLast()), literal: literal, at: at))
        }
        if type.hasPrefix("["), type.hasSuffix("]") {
            let inner = type.dropFirst().dropLast()
            // The colon of `[K: V]` at bracket depth 0, if any.
            var depth = 0, colon: String.Index?
            for i in inner.indices {
                switch inner[i] {
                case "[", "(": depth += 1
                case "]", ")": depth -= 1
                case ":" where depth == 0: colon = colon ?? i
                default: break
                }
            }
            switch value {
            case .array(let items) where colon == nil:
                return .array(try items.map { try coerce($0, to: String(inner), literal: literal, at: at) })
            case .dictionary(var d) where colon != nil:
                let valueType = String(inner[inner.index(after: colon!)...])
                for (k, v) in d.entries { d[k] = try coerce(v, to: valueType, literal: literal, at: at) }
                return .dictionary(d)
            default: return value
            }
        }
        switch (type, value) {
        case ("Double", .int(let v)) where literal: return .double(Double(v))
        case ("Int", .int), ("Double", .double), ("String", .string), ("Bool", .bool): return value
        case ("Int", _), ("Double", _), ("String", _), ("Bool", _):
            throw fail("cannot convert value of type '\(value.typeName)' to specified type '\(type)'", at: at)
        case (_, .kernel(let k)) where k.typeName == type: return value
        case _ where Builtins.kernelTypeNames.contains(type):
            throw fail("cannot convert value of type '\(value.typeName)' to specified type '\(type)'", at: at)
        default: return value
        }
    }
}
