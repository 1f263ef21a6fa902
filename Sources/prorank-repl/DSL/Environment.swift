// Scopes of the notebook language: names bound by `let`, `var`, `func` and parameters, chained to the enclosing
// scope. Closures capture their scope by reference, as Swift closures capture variables. `let` bindings refuse
// assignment; unknown names come back with the closest defined name as a suggestion.

/// A callable value: a DSL function or closure with the scope it captured, or a builtin bound to Swift code.
final class Callable: @unchecked Sendable {
    enum Kind {
        case user(FunctionDecl, Environment)
        case builtin((Interpreter, CallArguments) throws -> Value)
    }

    let name: String
    let kind: Kind

    init(name: String, kind: Kind) { (self.name, self.kind) = (name, kind) }

    static func builtin(_ name: String, _ body: @escaping (Interpreter, CallArguments) throws -> Value) -> Callable {
        Callable(name: name, kind: .builtin(body))
    }
}

/// One scope.
final class Environment {
    struct Binding {
        var value: Value
        var isLet: Bool
        /// A `let` declared without a value (`let x: Int`) may be assigned once.
        var initialized = true
    }

    let parent: Environment?
    private var bindings: [String: Binding] = [:]

    init(parent: Environment? = nil) { self.parent = parent }

    func define(_ name: String, _ value: Value, isLet: Bool, initialized: Bool = true) {
        bindings[name] = Binding(value: value, isLet: isLet, initialized: initialized)
    }

    /// The scope that binds `name`, innermost first.
    func scope(of name: String) -> Environment? {
        var scope: Environment? = self
        while let current = scope {
            if current.bindings[name] != nil { return current }
            scope = current.parent
        }
        return nil
    }

    func lookup(_ name: String) -> Binding? { scope(of: name)?.bindings[name] }

    /// Reads the binding of `name` in this scope (call on the result of `scope(of:)`).
    func binding(_ name: String) -> Binding? { bindings[name] }

    func update(_ name: String, _ binding: Binding) { bindings[name] = binding }

    /// Every name visible from this scope, for "did you mean" suggestions.
    var visibleNames: Set<String> {
        var names = Set(bindings.keys)
        if let parent { names.formUnion(parent.visibleNames) }
        return names
    }

    /// The visible name closest to `name` by edit distance, when close enough to be a plausible typo.
    func suggestion(for name: String) -> String? {
        let scored = visibleNames.filter { !$0.hasPrefix("$") }.map { ($0, editDistance(name, $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }) else { return nil }
        return best.1 <= max(1, name.count / 3) ? best.0 : nil
    }
}

/// Levenshtein distance over characters.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
