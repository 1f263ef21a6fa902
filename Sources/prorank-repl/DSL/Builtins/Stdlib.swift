// Global functions of Swift's standard library that notebooks use: `print`, `zip`, `min`, `max`, `abs`,
// `stride`, `fatalError`, and the conversions `Int(…)`, `Double(…)`, `String(…)`, `Array(…)`.

typealias BuiltinBody = (Interpreter, CallArguments) throws -> Value

enum Stdlib {
    static var functions: [(String, BuiltinBody)] {
        [
            ("print", print), ("zip", zip), ("min", { try extreme($1, min: true) }), ("max", { try extreme($1, min: false) }),
            ("abs", abs), ("stride", stride), ("fatalError", fatalError),
            ("Int", int), ("Double", double), ("String", string), ("Array", array),
        ]
    }

    /// `print(items…, separator: " ", terminator: "\n")`.
    static func print(_ interp: Interpreter, _ args: CallArguments) throws -> Value {
        var items: [String] = [], separator = " ", terminator = "\n"
        for (i, label) in args.labels.enumerated() {
            switch label {
            case nil: items.append(args[i].description)
            case "separator": separator = try args.string(i)
            case "terminator": terminator = try args.string(i)
            default: throw args.mismatch([nil, "separator", "terminator"])
            }
        }
        interp.output(items.joined(separator: separator) + terminator)
        return .void
    }

    static func zip(_ interp: Interpreter, _ args: CallArguments) throws -> Value {
        try args.expect([nil, nil])
        let a = try interp.elements(of: args[0], at: args.location), b = try interp.elements(of: args[1], at: args.location)
        return .array(Swift.zip(a, b).map { .tuple([$0, $1], labels: [nil, nil]) })
    }

    /// `min(a, b, …)` / `max(a, b, …)`: Ints written as literals join Doubles, as Swift's literal typing does.
    static func extreme(_ args: CallArguments, min: Bool) throws -> Value {
        guard args.count >= 2, args.labels.allSatisfy({ $0 == nil }) else { throw args.mismatch([nil, nil]) }
        let hasDouble = args.values.contains { if case .double = $0 { true } else { false } }
        var best: Value?
        for (value, literal) in Swift.zip(args.values, args.literals) {
            var v = value
            if hasDouble, literal, case .int(let i) = value { v = .double(Double(i)) }
            guard let current = best else { best = v; continue }
            guard let order = try args.interpreter.compare(v, current) else {
                throw args.fail("\(args.name) needs arguments of one comparable type, not '\(current.typeName)' and '\(v.typeName)'")
            }
            if min ? order < 0 : order > 0 { best = v }
        }
        return best ?? .void
    }

    static func abs(_ interp: Interpreter, _ args: CallArguments) throws -> Value {
        try args.expect([nil])
        switch args[0] {
        case .int(let v):
            guard v != .min else { throw args.fail("arithmetic overflow in 'abs(\(v))'") }
            return .int(Swift.abs(v))
        case .double(let v): return .double(Swift.abs(v))
        default: throw args.fail("abs: argument must be an Int or a Double, not '\(args[0].typeName)'")
        }
    }

    /// `stride(from:to:by:)` and `stride(from:through:by:)` over Ints or Doubles, as an array.
    static func stride(_ interp: Interpreter, _ args: CallArguments) throws -> Value {
        guard args.count == 3, args.labels[0] == "from", args.labels[1] == "to" || args.labels[1] == "through", args.labels[2] == "by" else {
            throw args.mismatch(["from", "to", "by"], ["from", "through", "by"])
        }
        let through = args.labels[1] == "through"
        if case .int(let from) = args[0], case .int(let to) = args[1], case .int(let by) = args[2] {
            guard by != 0 else { throw args.fail("stride: 'by' must not be zero") }
            let (span, overflow) = to.subtractingReportingOverflow(from)
            guard !overflow, span / by < interp.limits.collectionSize else { throw args.fail("stride: more than \(interp.limits.collectionSize) elements") }
            return .array(through ? Array(Swift.stride(from: from, through: to, by: by)).map(Value.int) : Array(Swift.stride(from: from, to: to, by: by)).map(Value.int))
        }
        let from = try args.double(0), to = try args.double(1), by = try args.double(2)
        guard by != 0, by.isFinite, from.isFinite, to.isFinite else { throw args.fail("stride: bounds and step must be finite and the step non-zero") }
        guard Swift.abs((to - from) / by) < Double(interp.limits.collectionSize) else { throw args.fail("stride: more than \(interp.limits.collectionSize) elements") }
        return .array(through ? Array(Swift.stride(from: from, through: to, by: by)).map(Value.double) : Array(Swift.stride(from: from, to: to, by: by)).map(Value.double))
    }

    static func fatalError(_ interp: Interpreter, _ args: CallArguments) throws -> Value {
        guard args.count <= 1 else { throw args.mismatch([], [nil]) }
        throw args.fail("fatal error" + (args.count == 1 ? ": \(try args.string(0))" : ""))
    }

    /// `Int(3.9)` truncates (an error for NaN, infinities and out-of-range values, where Swift traps); `Int("12")` is an Optional.
    static func int(_ interp: Interpreter, _ args: CallArguments) throws -> Value {
        try args.expect([nil])
        switch args[0] {
        case .int: return args[0]
        case .double(let d):
            guard d.isFinite else { throw args.fail("Double value cannot be converted to Int because it is either infinite or NaN") }
            guard let v = Int(exactly: d.rounded(.towardZero)) else {
                throw args.fail("Double value cannot be converted to Int because the result would be greater than Int.max")
            }
            return .int(v)
        case .string(let s): return .optional(Int(s).map(Value.int))
        case .bool(let b): return .int(b ? 1 : 0)
        default: throw args.fail("cannot convert a value of type '\(args[0].typeName)' to 'Int'")
        }
    }

    static func double(_ interp: Interpreter, _ args: CallArguments) throws -> Value {
        try args.expect([nil])
        switch args[0] {
        case .int(let v): return .double(Double(v))
        case .double: return args[0]
        case .string(let s): return .optional(Double(s).map(Value.double))
        default: throw args.fail("cannot convert a value of type '\(args[0].typeName)' to 'Double'")
        }
    }

    /// `String(x)` (its description), `String(repeating:count:)`, and `String(characters)` from an array.
    static func string(_ interp: Interpreter, _ args: CallArguments) throws -> Value {
        if args.labels == ["repeating", "count"] {
            let count = try args.int(1), text = try args.string(0)
            let (total, overflow) = count.multipliedReportingOverflow(by: max(1, text.utf8.count))
            guard count >= 0 else { throw args.fail("String(repeating:count:): negative count \(count)") }
            guard !overflow else { throw args.fail("String(repeating:count:): \(count) copies are too many") }
            try interp.checkSize(total, at: args.location)
            return .string(String(repeating: text, count: count))
        }
        if args.count >= 1, args.labels[0] == "format", args.labels.dropFirst().allSatisfy({ $0 == nil }) {
            let text = try StringFormat.format(try args.string(0), args, first: 1)
            try interp.checkSize(text.utf8.count, at: args.location)
            return .string(text)
        }
        try args.expect([nil])
        if case .array(let items) = args[0], items.allSatisfy({ if case .string = $0 { true } else { false } }), !items.isEmpty {
            return .string(items.map(\.description).joined())
        }
        return .string(args[0].description)
    }

    /// `Array(0..<3)`, `Array("abc")`, `Array(repeating: 0, count: 3)`.
    static func array(_ interp: Interpreter, _ args: CallArguments) throws -> Value {
        if args.labels == ["repeating", "count"] {
            let count = try args.int(1)
            guard count >= 0 else { throw args.fail("Array(repeating:count:): negative count \(count)") }
            try interp.checkSize(count, at: args.location)
            return .array(Array(repeating: args[0], count: count))
        }
        try args.expect([nil])
        return .array(try interp.elements(of: args[0], at: args.location))
    }
}
