// `String(format: "%.4f  %5d  %@", x, n, name)`: Foundation's printf-style formatting, the usual way Swift code
// prints metrics. Each conversion is checked against its argument first (C's printf would print garbage for an
// Int under %f, or crash for a missing argument), then formatted by Foundation one specifier at a time.
//
//     %d %i %x %X %o     Int           flags - + 0 space #, width, precision
//     %f %F %e %E %g %G  Double (or Int, converted as a Swift literal would be)
//     %@                 a String, collection or kernel object, as print shows it (no width or precision, as
//                        Foundation; numbers are refused: Foundation prints "(null)" for them)
//     %s                 any value, as print shows it; width pads, '-' left-aligns, precision cuts, as C's %s
//     %%                 a percent sign
//
// Length modifiers (l, ll, h, q, z, j, t) are accepted and ignored: the DSL's Int is always 64-bit.

import Foundation

enum StringFormat {
    /// Formats `args` (starting at `first`) into `format`, or throws an error naming the specifier at fault.
    static func format(_ format: String, _ args: CallArguments, first: Int) throws -> String {
        var out = ""
        var next = first
        var chars = Array(format.unicodeScalars)[...]
        while let c = chars.popFirst() {
            guard c == "%" else { out.unicodeScalars.append(c); continue }
            var spec = "%"
            var flags = "", width = "", precision: String?
            while let f = chars.first, "-+ 0#".unicodeScalars.contains(f) { flags.unicodeScalars.append(f); chars.removeFirst() }
            while let d = chars.first, ("0"..."9").contains(d) { width.unicodeScalars.append(d); chars.removeFirst() }
            if chars.first == "." {
                chars.removeFirst()
                var p = ""
                while let d = chars.first, ("0"..."9").contains(d) { p.unicodeScalars.append(d); chars.removeFirst() }
                precision = p
            }
            while let l = chars.first, "lhqzjt".unicodeScalars.contains(l) { chars.removeFirst() }
            guard let conversion = chars.popFirst() else {
                throw args.fail("String(format:): the format ends inside a '%' specifier")
            }
            func small(_ digits: String) -> Bool { digits.isEmpty || (digits.count <= 4 && Int(digits)! <= 1_000) }
            guard small(width), small(precision ?? "") else {
                throw args.fail("String(format:): width and precision must be at most 1000")
            }
            spec += flags + width + (precision.map { ".\($0)" } ?? "")
            if conversion == "%" { out += "%"; continue }
            guard next < args.count else {
                throw args.fail("String(format:): '\(spec)\(conversion)' has no argument (\(args.count - first) given)")
            }
            let value = args[next]
            next += 1
            switch conversion {
            case "d", "i", "x", "X", "o":
                guard case .int(let n) = value else { throw mismatch(spec, conversion, value, "an Int", args) }
                out += String(format: spec + "l" + String(conversion), n)
            case "f", "F", "e", "E", "g", "G":
                let x: Double
                switch value {
                case .double(let d): x = d
                case .int(let n): x = Double(n)
                default: throw mismatch(spec, conversion, value, "a Double", args)
                }
                out += String(format: spec + String(conversion), x)
            case "@":
                // Foundation ignores width and precision for %@, and prints "(null)" for a number (swiftc on Linux).
                switch value {
                case .int, .double, .bool: throw mismatch(spec, conversion, value, "a String or an object (use %d or %f for numbers)", args)
                default: out += value.description
                }
            case "s":
                var text = value.description
                if let precision, let cut = Int(precision) { text = String(text.prefix(cut)) }
                let pad = max(0, (Int(width) ?? 0) - text.count)
                out += flags.contains("-") ? text + String(repeating: " ", count: pad) : String(repeating: " ", count: pad) + text
            default:
                throw args.fail("String(format:): '%\(conversion)' is not a supported conversion (use %d, %f, %e, %g, %x, %@, %s or %%)")
            }
        }
        guard next == args.count else {
            throw args.fail("String(format:): \(args.count - first) arguments for \(next - first) specifiers")
        }
        return out
    }

    private static func mismatch(_ spec: String, _ conversion: Unicode.Scalar, _ value: Value, _ expected: String, _ args: CallArguments) -> RuntimeError {
        args.fail("String(format:): '\(spec)\(conversion)' needs \(expected), got '\(value.typeName)'")
    }
}
