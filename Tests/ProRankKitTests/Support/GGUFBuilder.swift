// A minimal GGUF writer for tests: builds valid files (any version, alignment, value types, tensor types) that
// individual tests then corrupt on purpose. Layout per reference/gguf.md §1.

import Foundation
@testable import ProRankKit

struct GGUFBuilder {
    struct TensorEntry {
        var name: String
        var ne: [UInt64]
        var typeID: UInt32
        var data: [UInt8]
        /// Overrides the computed relative data offset.
        var offset: UInt64?
    }

    var magic: [UInt8] = Array("GGUF".utf8)
    var version: UInt32 = 3
    var metadata: [(key: String, value: GGUFValue)] = []
    var tensors: [TensorEntry] = []
    /// Alignment used to lay out the data (set `general.alignment` in `metadata` to declare another one).
    var alignment = 32

    mutating func add(_ key: String, _ value: GGUFValue) { metadata.append((key, value)) }

    mutating func addTensor(_ name: String, ne: [UInt64], type: GGMLType, data: [UInt8]) {
        tensors.append(TensorEntry(name: name, ne: ne, typeID: type.rawValue, data: data))
    }

    /// F32 tensor with the given values, `ne` defaulting to one row.
    mutating func addF32(_ name: String, _ values: [Float], ne: [UInt64]? = nil) {
        var data: [UInt8] = []
        for v in values { Self.append(v.bitPattern, to: &data) }
        addTensor(name, ne: ne ?? [UInt64(values.count)], type: .f32, data: data)
    }

    /// The file's bytes.
    func build() -> [UInt8] {
        var out = magic
        Self.append(version, to: &out)
        Self.append(UInt64(tensors.count), to: &out)
        Self.append(UInt64(metadata.count), to: &out)
        for (key, value) in metadata {
            Self.appendString(key, to: &out)
            Self.append(value.type.rawValue, to: &out)
            Self.appendPayload(value, to: &out)
        }
        var offset: UInt64 = 0
        var offsets: [UInt64] = []
        for t in tensors {
            Self.appendString(t.name, to: &out)
            Self.append(UInt32(t.ne.count), to: &out)
            for n in t.ne { Self.append(n, to: &out) }
            Self.append(t.typeID, to: &out)
            Self.append(t.offset ?? offset, to: &out)
            offsets.append(offset)
            offset += UInt64((t.data.count + alignment - 1) / alignment * alignment)
        }
        if !tensors.isEmpty {
            out.append(contentsOf: repeatElement(0, count: (alignment - out.count % alignment) % alignment))
            for (i, t) in tensors.enumerated() {
                out.append(contentsOf: t.data)
                // Padding between tensors only: the last tensor ends the file, as gguf-py writes it.
                if i < tensors.count - 1 {
                    out.append(contentsOf: repeatElement(0, count: (alignment - t.data.count % alignment) % alignment))
                }
            }
        }
        return out
    }

    static func append<T: FixedWidthInteger>(_ v: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }

    static func appendString(_ s: String, to out: inout [UInt8]) {
        append(UInt64(s.utf8.count), to: &out)
        out.append(contentsOf: s.utf8)
    }

    /// A value without its type tag (array elements carry none).
    static func appendPayload(_ v: GGUFValue, to out: inout [UInt8]) {
        switch v {
        case .uint8(let x): append(x, to: &out)
        case .int8(let x): append(x, to: &out)
        case .uint16(let x): append(x, to: &out)
        case .int16(let x): append(x, to: &out)
        case .uint32(let x): append(x, to: &out)
        case .int32(let x): append(x, to: &out)
        case .uint64(let x): append(x, to: &out)
        case .int64(let x): append(x, to: &out)
        case .float32(let x): append(x.bitPattern, to: &out)
        case .float64(let x): append(x.bitPattern, to: &out)
        case .bool(let x): out.append(x ? 1 : 0)
        case .string(let x): appendString(x, to: &out)
        case .array(let type, let values):
            append(type.rawValue, to: &out)
            append(UInt64(values.count), to: &out)
            for e in values { appendPayload(e, to: &out) }
        }
    }
}
