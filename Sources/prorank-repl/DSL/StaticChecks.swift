// Errors Swift's compiler reports, found before a cell runs rather than when the run reaches them (a cell that
// trains for ten minutes should not fail at its last line for a stray `break`). One walk over the lowered program:
//
//   - `break` outside a loop or switch, `continue` outside a loop, `return` outside a function or closure;
//   - assigning to, or calling a mutating method on, a `let` constant, a parameter, or a `for`/`if let` binding
//     that is lexically in scope (a `let` declared without a value may be assigned: the interpreter checks that
//     it is assigned once);
//   - a function declared to return a value whose body can end without `return` (Swift's rule: a `return`, a
//     `fatalError`, an `if` with an `else` or a `switch` whose every branch returns, or a `while true` loop
//     without a `break` end the body; a single-expression body is its own result).
//
// Messages are Swift's, and the same as the interpreter's own checks (which stay, for code reached by other
// paths). Names the walk does not know (globals defined by builtins) are left to run time.

struct StaticChecks {
    private enum Binding { case constant, variable, deferredConstant }

    private var scopes: [[String: Binding]] = [[:]]
    private var diagnostics: [Diagnostic] = []

    /// The diagnostics for `program`, in source order.
    static func check(_ program: [Stmt]) -> [Diagnostic] {
        var checker = StaticChecks()
        checker.block(program, Context())
        return checker.diagnostics.sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
    }

    /// Where a statement sits: which jumps are allowed.
    private struct Context {
        var inLoop = false
        var inSwitch = false
        var inFunction = false
    }

    // MARK: Scopes

    private mutating func define(_ pattern: Pattern, _ binding: Binding) {
        switch pattern {
        case .name(let name): scopes[scopes.count - 1][name] = binding
        case .wildcard: break
        case .tuple(let items): for item in items { define(item, binding) }
        }
    }

    private func lookup(_ name: String) -> Binding? {
        for scope in scopes.reversed() { if let b = scope[name] { return b } }
        return nil
    }

    private mutating func scoped(_ body: (inout StaticChecks) -> Void) {
        scopes.append([:])
        body(&self)
        scopes.removeLast()
    }

    private mutating func fail(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(message: message, location: location))
    }

    // MARK: Statements

    private mutating func block(_ statements: [Stmt], _ context: Context) {
        for case .function(let decl) in statements { scopes[scopes.count - 1][decl.name] = .constant }
        for statement in statements { self.statement(statement, context) }
    }

    private mutating func statement(_ statement: Stmt, _ context: Context) {
        switch statement {
        case .expr(let e):
            expr(e)
        case .binding(let isLet, let pattern, _, let value, _):
            if let value { expr(value) }
            define(pattern, !isLet ? .variable : value == nil ? .deferredConstant : .constant)
        case .function(let decl):
            function(decl)
        case .ifStmt(let conditions, let then, let otherwise, _):
            scoped { checker in
                checker.conditions(conditions)
                checker.scoped { $0.block(then, context) }
            }
            if let otherwise { scoped { $0.block(otherwise, context) } }
        case .guardStmt(let conditions, let otherwise, _):
            scoped { $0.block(otherwise, context) }
            self.conditions(conditions)  // guard's bindings are visible after it
        case .whileStmt(let conditions, let body, _):
            var inner = context
            inner.inLoop = true
            scoped { checker in
                checker.conditions(conditions)
                checker.scoped { $0.block(body, inner) }
            }
        case .forIn(let pattern, let sequence, let whereClause, let body, _):
            expr(sequence)
            var inner = context
            inner.inLoop = true
            scoped { checker in
                checker.define(pattern, .constant)
                if let whereClause { checker.expr(whereClause) }
                checker.scoped { $0.block(body, inner) }
            }
        case .switchStmt(let subject, let cases, _):
            expr(subject)
            var inner = context
            inner.inSwitch = true
            for c in cases {
                c.patterns.forEach { expr($0) }
                if let guardExpr = c.guardExpr { expr(guardExpr) }
                scoped { $0.block(c.body, inner) }
            }
        case .breakStmt(let at):
            if !context.inLoop && !context.inSwitch { fail("'break' is only allowed inside a loop or switch", at: at) }
        case .continueStmt(let at):
            if !context.inLoop { fail("'continue' is only allowed inside a loop", at: at) }
        case .returnStmt(let value, let at):
            if let value { expr(value) }
            if !context.inFunction { fail("return invalid outside of a func", at: at) }
        }
    }

    private mutating func conditions(_ conditions: [Condition]) {
        for condition in conditions {
            switch condition {
            case .expr(let e): expr(e)
            case .bind(let name, let value, let isLet, _):
                expr(value)
                define(.name(name), isLet ? .constant : .variable)
            }
        }
    }

    /// A function or closure body: a new scope holding the parameters (constants), jumps reset.
    private mutating func function(_ decl: FunctionDecl) {
        scoped { checker in
            for p in decl.parameters {
                if let d = p.defaultValue { checker.expr(d) }
                checker.define(.name(p.name), .constant)
            }
            checker.block(decl.body, Context(inFunction: true))
        }
        guard let type = decl.returnType, !["Void", "()"].contains(type) else { return }
        if decl.body.count == 1, case .expr = decl.body[0] { return }
        if !Self.ends(decl.body) {
            fail("missing return in '\(decl.isClosure ? "closure" : decl.name)' expected to return '\(type)'", at: decl.location)
        }
    }

    // MARK: Expressions

    private mutating func expr(_ e: Expr) {
        switch e {
        case .literal, .intLiteral, .name, .member(nil, _, _):
            break
        case .interpolation(let parts, _):
            for case .expr(let inner) in parts { expr(inner) }
        case .array(let items, _):
            items.forEach { expr($0) }
        case .dictionary(let pairs, _):
            for pair in pairs { expr(pair.key); expr(pair.value) }
        case .tuple(let items, _):
            items.forEach { expr($0.value) }
        case .prefix(_, let inner, _), .forceUnwrap(let inner, _), .member(let inner?, _, _):
            expr(inner)
        case .binary(_, let a, let b, _):
            expr(a); expr(b)
        case .ternary(let c, let a, let b, _):
            expr(c); expr(a); expr(b)
        case .assign(let target, _, let value, _):
            expr(value)
            expr(target)
            if let (name, at) = Self.root(of: target), lookup(name) == .constant {
                fail("cannot assign to value: '\(name)' is a 'let' constant", at: at)
            }
        case .call(let callee, let args, _):
            expr(callee)
            args.forEach { expr($0.value) }
            if case .member(let base?, let method, _) = callee, Builtins.mutatingMethods.contains(method),
               let (name, at) = Self.root(of: base), lookup(name) == .constant {
                fail("cannot use mutating member '\(method)' on immutable value: '\(name)' is a 'let' constant", at: at)
            }
        case .subscripted(let base, let args, _):
            expr(base)
            args.forEach { expr($0.value) }
        case .closure(let decl, _):
            function(decl)
        }
    }

    /// The variable an l-value stores into: `x`, `x[i]`, `x.field`, `x!`, … (nil for anything else).
    private static func root(of target: Expr) -> (String, SourceLocation)? {
        switch target {
        case .name(let name, let at): return (name, at)
        case .subscripted(let base, _, _), .member(let base?, _, _), .forceUnwrap(let base, _): return root(of: base)
        default: return nil
        }
    }

    // MARK: Definite return

    /// Whether running `statements` can never reach their end (Swift's "missing return" analysis).
    static func ends(_ statements: [Stmt]) -> Bool { statements.contains(where: ends) }

    private static func ends(_ statement: Stmt) -> Bool {
        switch statement {
        case .returnStmt: return true
        case .expr(.call(.name("fatalError", _), _, _)): return true
        case .ifStmt(_, let then, let otherwise?, _): return ends(then) && ends(otherwise)
        case .switchStmt(_, let cases, _): return !cases.isEmpty && cases.allSatisfy { ends($0.body) }
        case .whileStmt(let conditions, let body, _):
            guard conditions.count == 1, case .expr(.literal(.bool(true), _)) = conditions[0] else { return false }
            return !breaks(body)
        default: return false
        }
    }

    /// Whether `statements` hold a `break` that leaves the enclosing loop (not one inside a nested loop or switch).
    private static func breaks(_ statements: [Stmt]) -> Bool {
        statements.contains { statement in
            switch statement {
            case .breakStmt: return true
            case .ifStmt(_, let then, let otherwise, _): return breaks(then) || breaks(otherwise ?? [])
            case .guardStmt(_, let otherwise, _): return breaks(otherwise)
            default: return false
            }
        }
    }
}
