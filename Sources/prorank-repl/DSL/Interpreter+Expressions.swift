// Evaluating expressions: literals, names (with "did you mean"), collections, member access, subscripts,
// closures, and assignment through l-values (`a[i][j] += 1` copies, changes and writes back, so arrays and
// dictionaries keep Swift's value semantics).

extension Interpreter {
    func evaluate(_ expr: Expr, in scope: Environment) throws -> Value {
        try step(expr.location)
        switch expr {
        case .literal(let v, _): return v
        case .intLiteral(let v, _): return .int(v)
        case .interpolation(let parts, let at):
            var text = ""
            for part in parts {
                switch part {
                case .text(let s): text += s
                case .expr(let e): text += try evaluate(e, in: scope).description
                }
                try checkSize(text.utf8.count, at: at)
            }
            return .string(text)
        case .name(let name, let at): return try lookup(name, in: scope, at: at)
        case .array(let items, _):
            return .array(try promoteLiterals(items, try items.map { try evaluate($0, in: scope) }))
        case .dictionary(let pairs, let at):
            var dict = OrderedDict()
            let values = try promoteLiterals(pairs.map(\.value), try pairs.map { try evaluate($0.value, in: scope) })
            for (pair, value) in zip(pairs, values) {
                let key = try evaluate(pair.key, in: scope)
                guard let k = key.dictKey else { throw fail("type '\(key.typeName)' cannot be a dictionary key", at: pair.key.location) }
                guard dict[k] == nil else { throw fail("dictionary literal has duplicate key \(key.debugDescription)", at: at) }
                dict[k] = value
            }
            return .dictionary(dict)
        case .tuple(let items, _):
            return .tuple(try items.map { try evaluate($0.value, in: scope) }, labels: items.map(\.label))
        case .prefix(let op, let operand, let at): return try prefix(op, try evaluate(operand, in: scope), at: at)
        case .binary(let op, let lhs, let rhs, let at): return try binary(op, lhs, rhs, in: scope, at: at)
        case .assign(let target, let op, let valueExpr, let at):
            let value = try evaluate(valueExpr, in: scope)
            try modify(target, in: scope, at: at) { current in
                guard let op else {
                    current = try self.assignable(value, replacing: current, literal: valueExpr.isIntegerLiteral)
                    return
                }
                current = try self.arithmetic(op, current, value, lhsLiteral: false, rhsLiteral: valueExpr.isIntegerLiteral, at: at)
            }
            return .void
        case .ternary(let condition, let a, let b, _):
            return try evaluate(try truth(try evaluate(condition, in: scope), at: condition.location) ? a : b, in: scope)
        case .call(let callee, let args, let at): return try call(callee, args, in: scope, at: at)
        case .member(nil, let name, _): return .enumCase(name)
        case .member(let base?, let name, let at): return try member(of: try evaluate(base, in: scope), name, base: base, at: at)
        case .subscripted(let base, let args, let at):
            let container = try evaluate(base, in: scope)
            return try subscriptGet(container, try args.map { try evaluate($0.value, in: scope) }, labels: args.map(\.label), at: at)
        case .closure(let decl, _): return .function(Callable(name: "closure", kind: .user(decl, scope)))
        case .forceUnwrap(let e, let at):
            let value = try evaluate(e, in: scope)
            guard case .optional(let wrapped) = value else { return value }
            guard let wrapped else { throw fail("unexpectedly found nil while unwrapping an Optional value", at: at) }
            return wrapped
        }
    }

    /// Swift types `[1, 2.5]` as `[Double]`: when Ints from integer literals sit beside Doubles, they become Doubles.
    private func promoteLiterals(_ exprs: [Expr], _ values: [Value]) throws -> [Value] {
        guard values.contains(where: { if case .double = $0 { true } else { false } }) else { return values }
        return zip(exprs, values).map { expr, value in
            if case .int(let v) = value, expr.isIntegerLiteral { return .double(Double(v)) }
            return value
        }
    }

    func lookup(_ name: String, in scope: Environment, at: SourceLocation) throws -> Value {
        if let binding = scope.lookup(name) {
            guard binding.initialized else { throw fail("\(binding.isLet ? "constant" : "variable") '\(name)' used before being initialized", at: at) }
            return binding.value
        }
        if Lowering.binaryOperators.contains(name) {  // `sorted(by: >)`, `reduce(0, +)`
            return .function(.builtin(name) { interp, args in
                guard args.count == 2 else { throw args.fail("operator '\(name)' takes two arguments") }
                return try interp.apply(name, args[0], args[1], at: args.location)
            })
        }
        let hint = scope.suggestion(for: name).map { "; did you mean '\($0)'?" } ?? ""
        throw fail("cannot find '\(name)' in scope\(hint)", at: at)
    }

    /// The value to store by `=`: integer literals into Double variables become Doubles; Optionals stay Optionals.
    private func assignable(_ value: Value, replacing current: Value, literal: Bool) throws -> Value {
        switch (current, value) {
        case (.void, _): return value  // the first assignment of a declared-only `let`/`var`
        case (.double, .int(let v)) where literal: return .double(Double(v))
        case (.optional, .optional): return value
        case (.optional(let wrapped), _):
            if case .double? = wrapped, case .int(let v) = value, literal { return .optional(.double(Double(v))) }
            return .optional(value)
        default: return value
        }
    }

    // MARK: L-values

    /// Runs `change` on the storage `target` names (a variable, an element, a tuple element, an unwrapped optional)
    /// and writes the result back; `let` constants refuse. `mutating` names the method for its error message.
    func modify(_ target: Expr, in scope: Environment, at: SourceLocation, mutating: String? = nil, _ change: (inout Value) throws -> Void) throws {
        switch target {
        case .name(let name, let nameAt):
            guard let owner = scope.scope(of: name), var binding = owner.binding(name) else {
                let hint = scope.suggestion(for: name).map { "; did you mean '\($0)'?" } ?? ""
                throw fail("cannot find '\(name)' in scope\(hint)", at: nameAt)
            }
            if binding.isLet, binding.initialized || mutating != nil {
                let what = mutating.map { "cannot use mutating member '\($0)' on immutable value" } ?? "cannot assign to value"
                throw fail("\(what): '\(name)' is a 'let' constant", at: nameAt)
            }
            if !binding.initialized, mutating != nil {
                throw fail("variable '\(name)' used before being initialized", at: nameAt)
            }
            binding.initialized = true
            var value = binding.value
            binding.value = .void  // drop the scope's reference so that the change does not copy the storage
            owner.update(name, binding)
            defer { binding.value = value; owner.update(name, binding) }
            try change(&value)
        case .subscripted(let base, let args, let subAt):
            let index = try args.map { try evaluate($0.value, in: scope) }
            try modify(base, in: scope, at: at, mutating: mutating) { container in
                try self.subscriptModify(&container, index, labels: args.map(\.label), at: subAt, change)
            }
        case .forceUnwrap(let base, let unwrapAt):
            try modify(base, in: scope, at: at, mutating: mutating) { optional in
                guard case .optional(var wrapped?) = optional else {
                    throw self.fail("unexpectedly found nil while unwrapping an Optional value", at: unwrapAt)
                }
                try change(&wrapped)
                optional = .optional(wrapped)
            }
        case .member(let base?, let name, let memberAt):
            try modify(base, in: scope, at: at, mutating: mutating) { tuple in
                guard case .tuple(var items, let labels) = tuple, let i = Int(name) ?? labels.firstIndex(of: name), items.indices.contains(i) else {
                    throw self.fail("cannot assign to property '\(name)' of a value of type '\(tuple.typeName)'", at: memberAt)
                }
                try change(&items[i])
                tuple = .tuple(items, labels: labels)
            }
        default:
            throw fail("cannot assign to this expression", at: target.location)
        }
    }

    // MARK: Subscripts

    func subscriptGet(_ container: Value, _ index: [Value], labels: [String?], at: SourceLocation) throws -> Value {
        switch (container, index.first) {
        case (.array(let items), .int(let i)?) where index.count == 1:
            guard items.indices.contains(i) else { throw fail("index \(i) out of range (count \(items.count))", at: at) }
            return items[i]
        case (.array(let items), .range(let lo, let hi, let closed)?) where index.count == 1:
            let upper = closed ? hi + 1 : hi
            guard lo >= 0, upper <= items.count, lo <= upper else { throw fail("range \(index[0]) out of bounds (count \(items.count))", at: at) }
            return .array(Array(items[lo..<upper]))
        case (.dictionary(let d), let key?):
            guard let k = key.dictKey else { throw fail("type '\(key.typeName)' cannot be a dictionary key", at: at) }
            if index.count == 2, labels.last == "default" { return d[k] ?? index[1] }
            guard index.count == 1 else { break }
            return .optional(d[k])
        case (.tuple, _), (.string, _):
            throw fail("cannot subscript a value of type '\(container.typeName)'", at: at)
        case (.kernel(let object), _):
            if let value = try object.subscripted(index, labels: labels, self, at: at) { return value }
        default: break
        }
        throw fail("cannot subscript a value of type '\(container.typeName)' with \(index.map(\.typeName).joined(separator: ", "))", at: at)
    }

    private func subscriptModify(_ container: inout Value, _ index: [Value], labels: [String?], at: SourceLocation, _ change: (inout Value) throws -> Void) throws {
        switch (container, index.first) {
        case (.array(var items), .int(let i)?) where index.count == 1:
            guard items.indices.contains(i) else { throw fail("index \(i) out of range (count \(items.count))", at: at) }
            container = .void
            defer { container = .array(items) }
            try change(&items[i])
        case (.dictionary(var d), let key?):
            guard let k = key.dictKey else { throw fail("type '\(key.typeName)' cannot be a dictionary key", at: at) }
            if index.count == 2, labels.last == "default" {
                var value = d[k] ?? index[1]
                try change(&value)
                d[k] = value
            } else {
                var value = Value.optional(d[k])
                try change(&value)
                switch value {
                case .optional(let wrapped): d[k] = wrapped
                default: d[k] = value
                }
            }
            container = .dictionary(d)
        default:
            throw fail("cannot assign through a subscript of a value of type '\(container.typeName)'", at: at)
        }
    }
}
