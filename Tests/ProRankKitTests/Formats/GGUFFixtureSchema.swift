// The schemas of fixtures/gguf/reference.json and fixtures/gguf/kquants/*.json (see fixtures/gguf/README.md),
// decoded for the GGUF tests, and small comparison helpers.

import Foundation
import XCTest
@testable import ProRankKit

/// Any JSON value (metadata values in reference.json are scalars or `{"array_len", "first5", "element_type"}`).
enum JSONValue: Decodable, Equatable {
    case bool(Bool), int(Int), double(Double), string(String), array([JSONValue]), object([String: JSONValue]), null

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }
}

struct GGUFReference: Decodable {
    struct Model: Decodable {
        let arch: String
        let llama_qk_permuted: Bool
        let files: [String: File]
    }

    struct File: Decodable {
        let file: String
        let size: Int
        let sha256: String
        let gguf_version: Int
        let data_offset: Int
        let alignment: Int
        let metadata: [String: JSONValue]
        let tensors: [Tensor]
        let dequant_max_abs_err_vs_source: [String: Double]
    }

    struct Tensor: Decodable {
        let name: String
        let type: String
        let type_id: UInt32
        let ne: [Int]
        let n_elements: Int
        let n_bytes: Int
        let offset_in_data: Int
        let file_offset: Int
        let raw_sha256: String
    }

    let models_dir: String
    let models: [String: Model]
}

struct KQuantBlocks: Decodable {
    struct TypeEntry: Decodable {
        let type: String
        let type_id: UInt32
        let block_size: Int
        let type_size: Int
        let source: String
        let blocks: [Block]
    }

    struct Block: Decodable {
        let block_index: Int
        let raw_hex: String
        let values: [Double]
    }

    struct Roundtrip: Decodable {
        let type: String
        let raw_hex: String
        let dequantized: [Double]
    }

    let types: [TypeEntry]
    let quantize_roundtrip: [Roundtrip]
}

struct RealTensors: Decodable {
    struct File: Decodable {
        let key: String
        let size: Int
        let sha256: String
        let tensor_count: Int
        let data_offset: Int
        let alignment: Int
    }

    struct Tensor: Decodable {
        let file: String
        let name: String
        let type: String
        let type_id: UInt32
        let ne: [Int]
        let torch_shape: [Int]
        let n_elements: Int
        let n_bytes: Int
        let file_offset: Int
        let raw_sha256: String
        let first64: [Double]
        let last64: [Double]
        let sum: Double
    }

    let files: [File]
    let tensors: [Tensor]
}

/// Decodes the JSON fixture at `relativePath` under the fixtures root (skips when the root is absent).
func loadFixture<T: Decodable>(_ type: T.Type, _ relativePath: String) throws -> T {
    let url = try fixturesRoot().appendingPathComponent(relativePath)
    return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
}

/// Bytes from a hex string.
func bytes(fromHex hex: String) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(hex.utf8.count / 2)
    var high: UInt8?
    for c in hex.utf8 {
        let v: UInt8 = c <= UInt8(ascii: "9") ? c - UInt8(ascii: "0") : (c | 0x20) - UInt8(ascii: "a") + 10
        if let h = high { out.append(h << 4 | v); high = nil } else { high = v }
    }
    return out
}

/// Asserts that `actual` equals the float32 values `expected` (stored as doubles) bit for bit; reports the
/// first mismatch only.
func assertBitExact(_ actual: [Float], _ expected: [Double], _ what: @autoclosure () -> String,
                    file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.count, expected.count, "\(what()): element count", file: file, line: line)
    for (i, (a, e)) in zip(actual, expected).enumerated() where a.bitPattern != Float(e).bitPattern {
        XCTFail("\(what()): element \(i) is \(a), expected \(Float(e))", file: file, line: line)
        return
    }
}
