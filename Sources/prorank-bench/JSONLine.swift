// One JSON line per measurement, in the schema of ../shared/bench/README.md ("JSON line schema"), so our lines and
// the peers' (PyTorch, numpy) sit in one file and one table. Hand-written serialisation keeps the keys in the
// order they were added (the required keys first) and the benchmark free of dependencies.

import Foundation
import ProRankKit

/// A JSON value with ordered object keys.
enum JSONValue {
    case null
    case bool(Bool)
    case int(Int)
    /// Written with 5 significant digits (as the peers' `bench_common._r` does); NaN and ±∞ become `null`.
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// Numbers as arrays of `.number`.
    static func numbers(_ xs: [Double]) -> JSONValue { .array(xs.map { .number($0) }) }

    /// `nil` → `null`.
    static func optional(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }

    var rendered: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .number(let x):
            guard x.isFinite else { return "null" }
            return String(describing: JSONValue.fiveSignificantDigits(x))
        case .string(let s): return JSONString.quoted(s)
        case .array(let xs): return "[" + xs.map(\.rendered).joined(separator: ",") + "]"
        case .object(let kvs): return "{" + kvs.map { JSONString.quoted($0.0) + ":" + $0.1.rendered }.joined(separator: ",") + "}"
        }
    }

    /// Rounds to 5 significant digits, never to fewer than 0 decimals (so 12345678 stays 12345678).
    static func fiveSignificantDigits(_ x: Double) -> Double {
        guard x.isFinite, x != 0 else { return x }
        let decimals = Swift.max(0, 4 - Int(floor(log10(abs(x)))))
        let scale = pow(10.0, Double(decimals))
        return (x * scale).rounded() / scale
    }
}

/// One measurement line: the required keys (`impl`, `bench`, `config`, `metric`, `value`, `unit`, `threads`,
/// `reps`), then any optional ones in the order they are set.
struct JSONLine {
    private(set) var fields: [(String, JSONValue)]

    init(impl: String, bench: String, config: String, metric: String, value: JSONValue, unit: String, threads: Int, reps: Int) {
        fields = [
            ("impl", .string(impl)), ("bench", .string(bench)), ("config", .string(config)),
            ("metric", .string(metric)), ("value", value), ("unit", .string(unit)),
            ("threads", .int(threads)), ("reps", .int(reps)),
        ]
    }

    /// A measurement from per-repetition values: `value` = median, plus `min`, `max` and `samples`.
    init(impl: String, bench: String, config: String, metric: String, unit: String, threads: Int, samples: [Double]) {
        self.init(impl: impl, bench: bench, config: config, metric: metric, value: .number(samples.median),
                  unit: unit, threads: threads, reps: samples.count)
        if samples.count > 1 {
            self["min"] = .number(samples.min()!)
            self["max"] = .number(samples.max()!)
            self["samples"] = .numbers(samples)
        }
    }

    /// Sets (or replaces) an optional key.
    subscript(key: String) -> JSONValue? {
        get { fields.first { $0.0 == key }?.1 }
        set {
            if let i = fields.firstIndex(where: { $0.0 == key }) {
                if let newValue { fields[i].1 = newValue } else { fields.remove(at: i) }
            } else if let newValue {
                fields.append((key, newValue))
            }
        }
    }

    /// The load fields measured around the timed repetitions.
    mutating func add(_ load: LoadReading) {
        for (key, value) in load.fields { self[key] = value }
    }

    var rendered: String { JSONValue.object(fields).rendered }

    /// Writes the line to stdout at once (unbuffered, so a pipe sees each line when it is measured).
    func emit() {
        FileHandle.standardOutput.write(Data((rendered + "\n").utf8))
    }
}

/// Progress and diagnostics go to stderr; stdout carries only JSON lines.
func progress(_ message: String) {
    FileHandle.standardError.write(Data("[prorank-bench] \(message)\n".utf8))
}
