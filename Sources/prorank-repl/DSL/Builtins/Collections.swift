// Arrays, ranges, dictionaries and tuples: properties (`count`, `first`, `keys`, `.0`), the higher-order methods
// (`map`, `filter`, `reduce`, `sorted(by:)`…) calling back into the interpreter, and the mutating methods
// (`append`, `insert`, `remove(at:)`, `sort`…). Ranges answer the array methods through their elements.

enum Collections {
    static func property(_ value: Value, _ name: String, _ interpreter: Interpreter, at: SourceLocation) throws -> Value? {
        switch value {
        case .array(let items):
            switch name {
            case "count": return .int(items.count)
            case "isEmpty": return .bool(items.isEmpty)
            case "first": return .optional(items.first)
            case "last": return .optional(items.last)
            case "indices": return .range(0, items.count, closed: false)
            default: return nil
            }
        case .range(let lo, let hi, let closed):
            switch name {
            case "count":
                let (span, overflow) = hi.subtractingReportingOverflow(lo)
                guard !overflow, !(closed && span == .max) else { throw interpreter.fail("range \(value.description) has more than Int.max elements", at: at) }
                return .int(closed ? span + 1 : span)
            case "isEmpty": return .bool(!closed && lo == hi)
            case "lowerBound": return .int(lo)
            case "upperBound": return .int(hi)
            default: return try property(.array(try interpreter.elements(of: value, at: at)), name, interpreter, at: at)
            }
        case .dictionary(let d):
            switch name {
            case "count": return .int(d.count)
            case "isEmpty": return .bool(d.count == 0)
            case "keys": return .array(d.keys.map(\.value))
            case "values": return .array(d.entries.map(\.value))
            default: return nil
            }
        case .tuple(let items, let labels):
            if let i = Int(name), items.indices.contains(i) { return items[i] }
            if let i = labels.firstIndex(of: name) { return items[i] }
            return nil
        default: return nil
        }
    }

    static func method(_ base: Value, _ name: String, _ args: CallArguments) throws -> Value? {
        let interp = args.interpreter, at = args.location
        if case .dictionary(let d) = base {
            let pairs = d.entries.map { Value.tuple([$0.key.value, $0.value], labels: ["key", "value"]) }
            switch name {
            case "map", "filter", "forEach", "sorted", "contains", "reduce", "first", "allSatisfy", "compactMap":
                return try method(.array(pairs), name, args)
            default: return nil
            }
        }
        let items = try interp.elements(of: base, at: at)
        func each(_ f: Callable, _ body: (Value, Value) throws -> Void) throws {
            for item in items { try body(item, try interp.call(f, [item], at: at)) }
        }
        func predicate(_ f: Callable, _ item: Value) throws -> Bool { try interp.truth(try interp.call(f, [item], at: at), at: at) }
        switch name {
        case "map":
            try args.expect([nil])
            let f = try args.function(0)
            return .array(try items.map { try interp.call(f, [$0], at: at) })
        case "compactMap":
            try args.expect([nil])
            let f = try args.function(0)
            return .array(try items.compactMap { item in
                let v = try interp.call(f, [item], at: at)
                if case .optional(let wrapped) = v { return wrapped }
                return v
            })
        case "filter":
            try args.expect([nil])
            let f = try args.function(0)
            return .array(try items.filter { try predicate(f, $0) })
        case "forEach":
            try args.expect([nil])
            try each(try args.function(0)) { _, _ in }
            return .void
        case "reduce":
            try args.expect([nil, nil])
            let f = try args.function(1)
            var acc = args[0]
            // `doubles.reduce(0, +)`: Swift types the literal 0 as Double.
            if args.literals[0], case .int(let v) = acc, items.contains(where: { if case .double = $0 { true } else { false } }) { acc = .double(Double(v)) }
            for item in items { acc = try interp.call(f, [acc, item], at: at) }
            return acc
        case "allSatisfy":
            try args.expect([nil])
            let f = try args.function(0)
            return .bool(try items.allSatisfy { try predicate(f, $0) })
        case "contains":
            if args.count == 1, args.labels[0] == "where" || args.trailing[0] {
                let f = try args.function(0)
                return .bool(try items.contains { try predicate(f, $0) })
            }
            try args.expect([nil])
            return .bool(items.contains(args[0]))
        case "first":
            guard args.count == 1, args.labels[0] == "where" || args.trailing[0] else { throw args.mismatch(["where"]) }
            let f = try args.function(0)
            return .optional(try items.first { try predicate(f, $0) })
        case "firstIndex":
            try args.expect(["of"])
            return .optional(items.firstIndex(of: args[0]).map(Value.int))
        case "sorted":
            if args.count == 0 { return .array(try sorted(items, interp, at: at) { a, b in try interp.compare(a, b).map { $0 < 0 } }) }
            guard args.count == 1, args.labels[0] == "by" || args.trailing[0] else { throw args.mismatch([], ["by"]) }
            let f = try args.function(0)
            return .array(try sorted(items, interp, at: at) { a, b in try interp.truth(try interp.call(f, [a, b], at: at), at: at) })
        case "min", "max":
            try args.expect([])
            var best: Value?
            for item in items {
                guard let current = best else { best = item; continue }
                guard let order = try interp.compare(item, current) else { throw args.fail("'\(name)()' needs comparable elements") }
                if name == "min" ? order < 0 : order > 0 { best = item }
            }
            return .optional(best)
        case "enumerated":
            try args.expect([])
            return .array(items.enumerated().map { .tuple([.int($0.offset), $0.element], labels: ["offset", "element"]) })
        case "reversed":
            try args.expect([])
            return .array(items.reversed())
        case "joined":
            guard args.count == 0 || (args.count == 1 && args.labels[0] == "separator") else { throw args.mismatch([], ["separator"]) }
            let separator = args.count == 1 ? try args.string(0) : ""
            return .string(try items.map { item -> String in
                guard case .string(let s) = item else { throw args.fail("joined() needs an array of strings, not '\(base.typeName)'") }
                return s
            }.joined(separator: separator))
        case "prefix", "suffix", "dropFirst", "dropLast":
            if args.count == 0, name.hasPrefix("drop") { return .array(name == "dropFirst" ? Array(items.dropFirst()) : Array(items.dropLast())) }
            try args.expect([nil])
            let n = try args.int(0)
            guard n >= 0 else { throw args.fail("\(name): the count must not be negative (\(n))") }
            switch name {
            case "prefix": return .array(Array(items.prefix(n)))
            case "suffix": return .array(Array(items.suffix(n)))
            case "dropFirst": return .array(Array(items.dropFirst(n)))
            default: return .array(Array(items.dropLast(n)))
            }
        default: return nil
        }
    }

    /// A stable sort whose comparator may throw (a DSL closure); an error stops the sort and is rethrown.
    private static func sorted(_ items: [Value], _ interp: Interpreter, at: SourceLocation, by less: (Value, Value) throws -> Bool?) throws -> [Value] {
        var failure: Error?
        let result = items.enumerated().sorted { a, b in
            guard failure == nil else { return false }
            do {
                guard let isLess = try less(a.element, b.element) else {
                    failure = interp.fail("sorted() needs comparable elements, not '\(a.element.typeName)'", at: at)
                    return false
                }
                if isLess { return true }
                if try less(b.element, a.element) == true { return false }
                return a.offset < b.offset
            } catch {
                failure = error
                return false
            }
        }
        if let failure { throw failure }
        return result.map(\.element)
    }

    static func mutatingMethod(_ value: inout Value, _ name: String, _ args: CallArguments) throws -> Value? {
        if case .dictionary(var d) = value, name == "removeValue" {
            try args.expect(["forKey"])
            guard let key = args[0].dictKey else { throw args.fail("type '\(args[0].typeName)' cannot be a dictionary key") }
            let old = d[key]
            d[key] = nil
            value = .dictionary(d)
            return .optional(old)
        }
        guard case .array(var items) = value else { return nil }
        value = .void  // release the storage so that the change below does not copy it
        defer { value = .array(items) }
        func index(_ i: Int, upTo limit: Int) throws -> Int {
            let v = try args.int(i)
            guard v >= 0, v <= limit else { throw args.fail("index \(v) out of range (count \(items.count))") }
            return v
        }
        switch name {
        case "append":
            if args.count == 1, args.labels[0] == "contentsOf" {
                let more = try args.interpreter.elements(of: args[0], at: args.location)
                try args.interpreter.checkSize(items.count + more.count, at: args.location)
                items += more
                return .void
            }
            try args.expect([nil])
            try args.interpreter.checkSize(items.count + 1, at: args.location)
            items.append(args[0])
            return .void
        case "insert":
            try args.expect([nil, "at"])
            items.insert(args[0], at: try index(1, upTo: items.count))
            return .void
        case "remove":
            try args.expect(["at"])
            guard !items.isEmpty else { throw args.fail("remove(at:) on an empty array") }
            return items.remove(at: try index(0, upTo: items.count - 1))
        case "removeLast", "removeFirst":
            try args.expect([])
            guard !items.isEmpty else { throw args.fail("can't \(name == "removeLast" ? "remove last" : "remove first") element from an empty collection") }
            return name == "removeLast" ? items.removeLast() : items.removeFirst()
        case "popLast":
            try args.expect([])
            return .optional(items.popLast())
        case "removeAll":
            try args.expect([])
            items.removeAll()
            return .void
        case "reverse":
            try args.expect([])
            items.reverse()
            return .void
        case "sort":
            items = try method(.array(items), "sorted", args).flatMap { if case .array(let a) = $0 { a } else { nil } } ?? items
            return .void
        default: return nil
        }
    }
}
