// Math functions from Foundation in Swift spelling (`sqrt`, `exp`, `log`, `pow`, `floor`, `ceil`, `round`,
// `log2`, `log10`, `sin`, `cos`, `tanh`), and the static members `Double.pi`, `Double.infinity`, `Int.max`,
// `Int.min`. Int arguments are accepted, as Swift would type an integer literal as Double.

import Foundation

enum MathBuiltins {
    static var functions: [(String, BuiltinBody)] {
        unary.map { name, f in
            (name, { _, args in
                try args.expect([nil])
                return .double(f(try args.double(0)))
            })
        } + [("pow", { _, args in
            try args.expect([nil, nil])
            return .double(Foundation.pow(try args.double(0), try args.double(1)))
        })]
    }

    private static let unary: [(String, @Sendable (Double) -> Double)] = [
        ("sqrt", { $0.squareRoot() }), ("exp", { Foundation.exp($0) }), ("log", { Foundation.log($0) }),
        ("log2", { Foundation.log2($0) }), ("log10", { Foundation.log10($0) }), ("floor", { $0.rounded(.down) }),
        ("ceil", { $0.rounded(.up) }), ("round", { $0.rounded() }), ("sin", { Foundation.sin($0) }),
        ("cos", { Foundation.cos($0) }), ("tanh", { Foundation.tanh($0) }),
    ]

    /// `Double.pi`, `Int.max` and friends: members of the type names, which are bound to their conversions.
    static func staticMember(of type: String, _ name: String) -> Value? {
        switch (type, name) {
        case ("Double", "pi"): return .double(.pi)
        case ("Double", "infinity"): return .double(.infinity)
        case ("Double", "nan"): return .double(.nan)
        case ("Double", "greatestFiniteMagnitude"): return .double(.greatestFiniteMagnitude)
        case ("Int", "max"): return .int(.max)
        case ("Int", "min"): return .int(.min)
        default: return nil
        }
    }
}
