// GGUF metadata values: the 13 value types (reference/gguf.md §1), their parsing from a ByteCursor, and the
// accessors that make reading hyperparameters short (`file.metadata["llama.block_count"]?.int`).

/// The type id of a GGUF metadata value.
public enum GGUFValueType: UInt32, Sendable, CaseIterable {
    case uint8 = 0, int8 = 1, uint16 = 2, int16 = 3, uint32 = 4, int32 = 5, float32 = 6, bool = 7
    case string = 8, array = 9, uint64 = 10, int64 = 11, float64 = 12

    /// The fewest bytes one value of this type occupies (strings and arrays: their length/count header).
    var minimumSize: Int {
        switch self {
        case .uint8, .int8, .bool: return 1
        case .uint16, .int16: return 2
        case .uint32, .int32, .float32: return 4
        case .uint64, .int64, .float64, .string: return 8
        case .array: return 12
        }
    }
}

/// One metadata value. Arrays keep their element type (also when empty); nested arrays nest.
public enum GGUFValue: Equatable, Sendable {
    case uint8(UInt8), int8(Int8), uint16(UInt16), int16(Int16), uint32(UInt32), int32(Int32)
    case uint64(UInt64), int64(Int64)
    case float32(Float), float64(Double)
    case bool(Bool)
    case string(String)
    indirect case array(elementType: GGUFValueType, values: [GGUFValue])

    public var type: GGUFValueType {
        switch self {
        case .uint8: return .uint8
        case .int8: return .int8
        case .uint16: return .uint16
        case .int16: return .int16
        case .uint32: return .uint32
        case .int32: return .int32
        case .uint64: return .uint64
        case .int64: return .int64
        case .float32: return .float32
        case .float64: return .float64
        case .bool: return .bool
        case .string: return .string
        case .array: return .array
        }
    }

    /// Any integer type as `Int` (writers use u32 or u64 for counts and ids interchangeably); nil for other
    /// types and for a u64 above `Int.max`.
    public var int: Int? {
        switch self {
        case .uint8(let v): return Int(v)
        case .int8(let v): return Int(v)
        case .uint16(let v): return Int(v)
        case .int16(let v): return Int(v)
        case .uint32(let v): return Int(v)
        case .int32(let v): return Int(v)
        case .uint64(let v): return Int(exactly: v)
        case .int64(let v): return Int(v)
        default: return nil
        }
    }

    /// A float32 (widened exactly) or float64 as `Double`; integers convert too (a writer may store 10000 for
    /// a RoPE base). Nil for strings, bools and arrays.
    public var float: Double? {
        switch self {
        case .float32(let v): return Double(v)
        case .float64(let v): return v
        default: return int.map(Double.init)
        }
    }

    public var bool: Bool? {
        if case .bool(let v) = self { return v }
        return nil
    }

    public var string: String? {
        if case .string(let v) = self { return v }
        return nil
    }

    /// The elements of an array.
    public var array: [GGUFValue]? {
        if case .array(_, let values) = self { return values }
        return nil
    }

    /// The elements of an array of strings (`tokenizer.ggml.tokens`, `.merges`).
    public var strings: [String]? {
        guard case .array(.string, let values) = self else { return nil }
        let strings = values.compactMap(\.string)
        return strings.count == values.count ? strings : nil
    }

    /// The elements of an array of integers (`tokenizer.ggml.token_type`); nil if any element is not an integer.
    public var ints: [Int]? {
        guard let values = array else { return nil }
        var out = [Int]()
        out.reserveCapacity(values.count)
        for v in values {
            guard let i = v.int else { return nil }
            out.append(i)
        }
        return out
    }

    /// The elements of an array of numbers as `Double` (`tokenizer.ggml.scores`).
    public var floats: [Double]? {
        guard let values = array else { return nil }
        var out = [Double]()
        out.reserveCapacity(values.count)
        for v in values {
            guard let f = v.float else { return nil }
            out.append(f)
        }
        return out
    }
}

extension GGUFValue {
    /// Deepest nesting of arrays accepted; real files use 1 (an array of scalars). Bounds the recursion on
    /// corrupt input.
    static let maxArrayDepth = 8

    /// Reads one value of `type`. `key` names the metadata entry in errors.
    static func read(_ type: GGUFValueType, from cursor: inout ByteCursor, key: String, depth: Int = 0) throws -> GGUFValue {
        switch type {
        case .uint8: return .uint8(try cursor.read(UInt8.self, "value of \(key)"))
        case .int8: return .int8(try cursor.read(Int8.self, "value of \(key)"))
        case .uint16: return .uint16(try cursor.read(UInt16.self, "value of \(key)"))
        case .int16: return .int16(try cursor.read(Int16.self, "value of \(key)"))
        case .uint32: return .uint32(try cursor.read(UInt32.self, "value of \(key)"))
        case .int32: return .int32(try cursor.read(Int32.self, "value of \(key)"))
        case .uint64: return .uint64(try cursor.read(UInt64.self, "value of \(key)"))
        case .int64: return .int64(try cursor.read(Int64.self, "value of \(key)"))
        case .float32: return .float32(try cursor.readFloat("value of \(key)"))
        case .float64: return .float64(try cursor.readDouble("value of \(key)"))
        case .bool:
            let at = cursor.offset
            let byte = try cursor.read(UInt8.self, "value of \(key)")
            guard byte <= 1 else {
                throw FormatError.invalidHeader(file: cursor.file, key: key, offset: at, reason: "bool value \(byte) is neither 0 nor 1")
            }
            return .bool(byte == 1)
        case .string: return .string(try cursor.readString("string value of \(key)"))
        case .array:
            let at = cursor.offset
            guard depth < maxArrayDepth else {
                throw FormatError.invalidHeader(file: cursor.file, key: key, offset: at, reason: "arrays nested deeper than \(maxArrayDepth) levels")
            }
            let elementType = try readType(from: &cursor, key: key, what: "array element type")
            let countAt = cursor.offset
            let count = try cursor.readLength("element count of \(key)")
            // Each element needs at least `minimumSize` bytes: reject impossible counts before allocating.
            guard count <= cursor.remaining / elementType.minimumSize else {
                throw FormatError.truncated(file: cursor.file, field: "\(count) \(elementType) elements of \(key)", offset: countAt + 8,
                                            needed: count > Int.max / elementType.minimumSize ? Int.max : count * elementType.minimumSize,
                                            fileSize: cursor.bytes.count)
            }
            var values = [GGUFValue]()
            values.reserveCapacity(count)
            for _ in 0..<count {
                values.append(try read(elementType, from: &cursor, key: key, depth: depth + 1))
            }
            return .array(elementType: elementType, values: values)
        }
    }

    /// Reads a u32 value-type id.
    static func readType(from cursor: inout ByteCursor, key: String, what: String) throws -> GGUFValueType {
        let at = cursor.offset
        let id = try cursor.read(UInt32.self, "\(what) of \(key)")
        guard let type = GGUFValueType(rawValue: id) else {
            throw FormatError.invalidHeader(file: cursor.file, key: key, offset: at, reason: "unknown value type \(id) (\(what); known: 0…12)")
        }
        return type
    }
}
