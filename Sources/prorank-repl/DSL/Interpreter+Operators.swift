// Operators with Swift's rules: Int and Double never mix except where one side is an integer literal (which
// Swift would type as Double), Int overflow and division by zero are errors (Swift traps), Double follows IEEE
// (`1.0 / 0` is `inf`), `&&`/`||`/`??` short-circuit, and `..<`/`...` build ranges.

extension Interpreter {
    func prefix(_ op: String, _ value: Value, at: SourceLocation) throws -> Value {
        switch (op, value) {
        case ("-", .int(let v)):
            guard v != .min else { throw fail("arithmetic overflow in '-\(v)'", at: at) }
            return .int(-v)
        case ("-", .double(let v)): return .double(-v)
        case ("+", .int), ("+", .double): return value
        case ("!", .bool(let b)): return .bool(!b)
        default: throw fail("unary operator '\(op)' cannot be applied to an operand of type '\(value.typeName)'", at: at)
        }
    }

    func binary(_ op: String, _ lhs: Expr, _ rhs: Expr, in scope: Environment, at: SourceLocation) throws -> Value {
        switch op {
        case "&&", "||":
            let left = try truth(try evaluate(lhs, in: scope), at: lhs.location)
            if left == (op == "||") { return .bool(left) }
            return .bool(try truth(try evaluate(rhs, in: scope), at: rhs.location))
        case "??":
            let left = try evaluate(lhs, in: scope)
            guard case .optional(let wrapped) = left else { return left }
            if let wrapped { return wrapped }
            return try evaluate(rhs, in: scope)
        default:
            let a = try evaluate(lhs, in: scope), b = try evaluate(rhs, in: scope)
            return try apply(op, a, b, lhsLiteral: lhs.isIntegerLiteral, rhsLiteral: rhs.isIntegerLiteral, at: at)
        }
    }

    /// Applies a (non-short-circuit) binary operator to two values.
    func apply(_ op: String, _ a: Value, _ b: Value, lhsLiteral: Bool = false, rhsLiteral: Bool = false, at: SourceLocation) throws -> Value {
        switch op {
        case "==", "!=":
            let (x, y) = promoted(a, b, lhsLiteral, rhsLiteral)
            guard comparable(x, y) else { throw mismatch(op, a, b, at) }
            return .bool((x == y) == (op == "=="))
        case "<", "<=", ">", ">=":
            let (x, y) = promoted(a, b, lhsLiteral, rhsLiteral)
            guard let order = try compare(x, y) else { throw mismatch(op, a, b, at) }
            switch op {
            case "<": return .bool(order < 0)
            case "<=": return .bool(order <= 0)
            case ">": return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case "..<", "...":
            guard case .int(let lo) = a, case .int(let hi) = b else { throw mismatch(op, a, b, at) }
            guard lo <= hi else { throw fail("range requires lowerBound <= upperBound (\(lo)\(op)\(hi))", at: at) }
            if op == "...", hi == .max { throw fail("range upper bound overflows", at: at) }
            return .range(lo, hi, closed: op == "...")
        case "??":
            if case .optional(let wrapped) = a { return wrapped ?? b }
            return a
        default:
            return try arithmetic(op, a, b, lhsLiteral: lhsLiteral, rhsLiteral: rhsLiteral, at: at)
        }
    }

    /// `+ - * / %` on Ints (overflow and division by zero are errors), Doubles, and `+` on Strings and arrays.
    func arithmetic(_ op: String, _ a: Value, _ b: Value, lhsLiteral: Bool, rhsLiteral: Bool, at: SourceLocation) throws -> Value {
        switch promoted(a, b, lhsLiteral, rhsLiteral) {
        case (.int(let x), .int(let y)):
            let result: (partialValue: Int, overflow: Bool)
            switch op {
            case "+": result = x.addingReportingOverflow(y)
            case "-": result = x.subtractingReportingOverflow(y)
            case "*": result = x.multipliedReportingOverflow(by: y)
            case "/", "%":
                guard y != 0 else { throw fail(op == "/" ? "division by zero" : "division by zero in remainder operation", at: at) }
                result = op == "/" ? x.dividedReportingOverflow(by: y) : x.remainderReportingOverflow(dividingBy: y)
            default: throw mismatch(op, a, b, at)
            }
            guard !result.overflow else { throw fail("arithmetic overflow in '\(x) \(op) \(y)'", at: at) }
            return .int(result.partialValue)
        case (.double(let x), .double(let y)):
            switch op {
            case "+": return .double(x + y)
            case "-": return .double(x - y)
            case "*": return .double(x * y)
            case "/": return .double(x / y)
            case "%": throw fail("'%' is unavailable for Double: use truncatingRemainder(dividingBy:)", at: at)
            default: throw mismatch(op, a, b, at)
            }
        case (.string(let x), .string(let y)) where op == "+":
            try checkSize(x.utf8.count + y.utf8.count, at: at)
            return .string(x + y)
        case (.array(let x), .array(let y)) where op == "+":
            try checkSize(x.count + y.count, at: at)
            return .array(x + y)
        default: throw mismatch(op, a, b, at)
        }
    }

    /// Int operands written as integer literals become Doubles beside a Double, as Swift's literal typing does.
    private func promoted(_ a: Value, _ b: Value, _ lhsLiteral: Bool, _ rhsLiteral: Bool) -> (Value, Value) {
        switch (a, b) {
        case (.int(let x), .double) where lhsLiteral: return (.double(Double(x)), b)
        case (.double, .int(let y)) where rhsLiteral: return (a, .double(Double(y)))
        default: return (a, b)
        }
    }

    /// Whether `==` is defined between the two values' types (an Optional compares with `nil` and its wrapped type).
    private func comparable(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.int, .int), (.double, .double), (.bool, .bool), (.string, .string), (.array, .array), (.dictionary, .dictionary),
             (.optional, _), (_, .optional), (.range, .range), (.tuple, .tuple), (.enumCase, .enumCase), (.kernel, .kernel):
            return true
        default: return false
        }
    }

    /// -1, 0 or 1 for two values of the same comparable type; nil when `<` is not defined between them.
    func compare(_ a: Value, _ b: Value) throws -> Int? {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y ? -1 : x == y ? 0 : 1
        case (.double(let x), .double(let y)): return x < y ? -1 : x == y ? 0 : (x > y ? 1 : 0)
        case (.string(let x), .string(let y)): return x < y ? -1 : x == y ? 0 : 1
        case (.tuple(let xs, _), .tuple(let ys, _)) where xs.count == ys.count:
            for (x, y) in zip(xs, ys) {
                guard let order = try compare(x, y) else { return nil }
                if order != 0 { return order }
            }
            return 0
        default: return nil
        }
    }

    private func mismatch(_ op: String, _ a: Value, _ b: Value, _ at: SourceLocation) -> RuntimeError {
        if case .optional = a, op != "==", op != "!=" {
            return fail("value of optional type '\(a.typeName)' must be unwrapped to use '\(op)'; use '!' or '??'", at: at)
        }
        if case .optional = b, op != "==", op != "!=" {
            return fail("value of optional type '\(b.typeName)' must be unwrapped to use '\(op)'; use '!' or '??'", at: at)
        }
        return fail("binary operator '\(op)' cannot be applied to operands of type '\(a.typeName)' and '\(b.typeName)'", at: at)
    }
}
