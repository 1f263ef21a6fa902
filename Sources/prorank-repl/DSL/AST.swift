// The notebook language's syntax tree: the DESIGN.md §5 subset of Swift, lowered from swift-syntax by
// Lowering.swift and run by Interpreter.swift. Every node keeps the source location that errors point at.
// Constructs outside the subset never reach this tree: the lowering rejects them with a diagnostic.

/// An expression.
indirect enum Expr: Sendable {
    case literal(Value, SourceLocation)
    /// An integer literal, kept apart from other literals because Swift lets it become a Double (`x * 2`).
    case intLiteral(Int, SourceLocation)
    /// `"a \(b) c"`: text parts and expressions, in order.
    case interpolation([InterpolationPart], SourceLocation)
    case name(String, SourceLocation)
    case array([Expr], SourceLocation)
    case dictionary([(key: Expr, value: Expr)], SourceLocation)
    /// A parenthesised list of two or more (optionally labelled) expressions.
    case tuple([CallArgument], SourceLocation)
    case prefix(String, Expr, SourceLocation)
    case binary(String, Expr, Expr, SourceLocation)
    /// `target = value`, or `target op= value` when `op` is set.
    case assign(target: Expr, op: String?, value: Expr, SourceLocation)
    case ternary(Expr, Expr, Expr, SourceLocation)
    case call(Expr, [CallArgument], SourceLocation)
    /// `base.name`; a nil base is dot shorthand (`.listwise`).
    case member(Expr?, String, SourceLocation)
    case subscripted(Expr, [CallArgument], SourceLocation)
    case closure(FunctionDecl, SourceLocation)
    case forceUnwrap(Expr, SourceLocation)

    var location: SourceLocation {
        switch self {
        case .literal(_, let l), .intLiteral(_, let l), .interpolation(_, let l), .name(_, let l), .array(_, let l),
             .dictionary(_, let l), .tuple(_, let l), .prefix(_, _, let l), .binary(_, _, _, let l),
             .assign(_, _, _, let l), .ternary(_, _, _, let l), .call(_, _, let l), .member(_, _, let l),
             .subscripted(_, _, let l), .closure(_, let l), .forceUnwrap(_, let l):
            return l
        }
    }

    /// True for an integer literal (possibly negated, or both branches of a ternary, or every element of an array
    /// literal): the expressions whose Int value Swift would type as Double from context (`x * 2`, `-> Double`).
    var isIntegerLiteral: Bool {
        switch self {
        case .intLiteral: return true
        case .prefix(_, let inner, _): return inner.isIntegerLiteral
        case .ternary(_, let a, let b, _): return a.isIntegerLiteral && b.isIntegerLiteral
        case .binary(let op, let a, let b, _): return ["+", "-", "*", "/", "%"].contains(op) && a.isIntegerLiteral && b.isIntegerLiteral
        case .array(let items, _): return items.allSatisfy(\.isIntegerLiteral)
        default: return false
        }
    }
}

enum InterpolationPart: Sendable {
    case text(String)
    case expr(Expr)
}

/// A call argument or tuple element: `label: value` or just `value`. A trailing closure matches its parameter
/// whatever the parameter's label.
struct CallArgument: Sendable {
    var label: String?
    var value: Expr
    var trailing = false
}

/// A `func` declaration or a closure. Closures without a parameter list use `$0`, `$1`, … (`usesDollar`).
final class FunctionDecl: Sendable {
    struct Parameter: Sendable {
        /// The argument label callers write; nil for `_`.
        var label: String?
        var name: String
        var type: String?
        var defaultValue: Expr?
    }

    let name: String
    let parameters: [Parameter]
    let body: [Stmt]
    /// The declared result type (`-> Double`), used to turn integer literals into Doubles as Swift does.
    let returnType: String?
    let usesDollar: Bool
    /// How many of `$0`, `$1`, … the closure uses (the highest index plus one).
    let dollarCount: Int
    let location: SourceLocation

    init(name: String, parameters: [Parameter], returnType: String? = nil, body: [Stmt], usesDollar: Bool = false, dollarCount: Int = 0,
         location: SourceLocation) {
        (self.name, self.parameters, self.returnType, self.body) = (name, parameters, returnType, body)
        (self.usesDollar, self.dollarCount, self.location) = (usesDollar, dollarCount, location)
    }

    var isClosure: Bool { name == "closure" }

    /// `name(label:_:)`, the spelling shown when a call's labels do not match.
    var signature: String { "\(name)(" + parameters.map { "\($0.label ?? "_"):" }.joined() + ")" }
}

/// The names a `let`/`var`/`for` binds: one name, `_`, or a tuple of patterns (`(i, x)`).
indirect enum Pattern: Sendable {
    case name(String)
    case wildcard
    case tuple([Pattern])
}

/// One `if`/`guard`/`while` condition: a Bool expression or an optional binding (`let x = y`, `let x`).
enum Condition: Sendable {
    case expr(Expr)
    case bind(name: String, value: Expr, isLet: Bool, SourceLocation)
}

/// A `switch` case: patterns (values, ranges or `.enumCase`s; empty for `default`), an optional `where`, a body.
struct SwitchCase: Sendable {
    var patterns: [Expr]
    var guardExpr: Expr?
    var body: [Stmt]
    var location: SourceLocation
}

/// A statement.
indirect enum Stmt: Sendable {
    case expr(Expr)
    case binding(isLet: Bool, Pattern, type: String?, value: Expr?, SourceLocation)
    case function(FunctionDecl)
    case ifStmt([Condition], then: [Stmt], else: [Stmt]?, SourceLocation)
    case guardStmt([Condition], else: [Stmt], SourceLocation)
    case whileStmt([Condition], body: [Stmt], SourceLocation)
    case forIn(Pattern, sequence: Expr, whereClause: Expr?, body: [Stmt], SourceLocation)
    case switchStmt(Expr, [SwitchCase], SourceLocation)
    case breakStmt(SourceLocation)
    case continueStmt(SourceLocation)
    case returnStmt(Expr?, SourceLocation)
}
