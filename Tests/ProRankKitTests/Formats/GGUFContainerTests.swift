// GGUF container parsing on files built in the test: every value type, nested arrays, alignment, v2, and one
// test per kind of malformed input, each of which must throw the matching FormatError (never trap).

import Foundation
import XCTest
@testable import ProRankKit

final class GGUFContainerTests: XCTestCase {
    private func open(_ b: GGUFBuilder, name: String = "test.gguf") throws -> GGUFFile {
        try GGUFFile(data: Data(b.build()), name: name)
    }

    /// Asserts that opening `b` throws a FormatError accepted by `check`.
    private func assertOpenFails(_ b: GGUFBuilder, file: StaticString = #filePath, line: UInt = #line, _ check: (FormatError) -> Bool) {
        XCTAssertThrowsError(try open(b), file: file, line: line) { error in
            guard let e = error as? FormatError else { return XCTFail("not a FormatError: \(error)", file: file, line: line) }
            XCTAssertTrue(check(e), "unexpected error: \(e)", file: file, line: line)
            XCTAssertTrue(e.description.contains("test.gguf"), "message must name the file: \(e)", file: file, line: line)
            XCTAssertTrue(e.description.contains("hint:"), "message must give a hint: \(e)", file: file, line: line)
        }
    }

    func testAllValueTypesNestedArraysAlignmentAndV2() throws {
        var b = GGUFBuilder()
        b.version = 2
        b.alignment = 64
        let values: [(String, GGUFValue)] = [
            ("t.u8", .uint8(200)), ("t.i8", .int8(-100)), ("t.u16", .uint16(65000)), ("t.i16", .int16(-30000)),
            ("t.u32", .uint32(4_000_000_000)), ("t.i32", .int32(-2_000_000_000)), ("t.f32", .float32(1e-5)),
            ("t.bool", .bool(true)), ("t.string", .string("héllo")), ("t.u64", .uint64(UInt64.max)),
            ("t.i64", .int64(Int64.min)), ("t.f64", .float64(0.1)),
            ("t.strings", .array(elementType: .string, values: [.string("a b"), .string(""), .string("ĠĠ")])),
            ("t.ints", .array(elementType: .int32, values: [.int32(3), .int32(-1)])),
            ("t.nested", .array(elementType: .array, values: [.array(elementType: .int32, values: [.int32(1), .int32(2)]),
                                                               .array(elementType: .int32, values: [])])),
            ("t.empty", .array(elementType: .float32, values: [])),
            ("general.alignment", .uint32(64)),
        ]
        for (k, v) in values { b.add(k, v) }
        b.addF32("a", [1, 2, 3])
        b.addF32("b", [4, 5], ne: [1, 2])
        let gguf = try open(b)
        XCTAssertEqual(gguf.version, 2)
        XCTAssertEqual(gguf.metadataKeys, values.map(\.0))
        for (k, v) in values { XCTAssertEqual(gguf.metadata[k], v, k) }
        XCTAssertEqual(gguf.alignment, 64)
        XCTAssertEqual(gguf.dataOffset % 64, 0)
        XCTAssertEqual(gguf.info(named: "b")?.offset, 64)
        XCTAssertEqual(try gguf.tensor(named: "a").scalars, [1, 2, 3])
        let t = try gguf.tensor(named: "b")
        XCTAssertEqual(t.shape, [2, 1])
        XCTAssertEqual(t.scalars, [4, 5])

        // Accessors.
        XCTAssertEqual(gguf.metadata["t.u32"]?.int, 4_000_000_000)
        XCTAssertNil(gguf.metadata["t.u64"]?.int, "u64 above Int.max has no Int")
        XCTAssertEqual(gguf.metadata["t.i64"]?.int, Int(Int64.min))
        XCTAssertEqual(gguf.metadata["t.f32"]?.float, Double(Float(1e-5)))
        XCTAssertEqual(gguf.metadata["t.i16"]?.float, -30000)
        XCTAssertEqual(gguf.metadata["t.bool"]?.bool, true)
        XCTAssertEqual(gguf.metadata["t.string"]?.string, "héllo")
        XCTAssertEqual(gguf.metadata["t.strings"]?.strings, ["a b", "", "ĠĠ"])
        XCTAssertEqual(gguf.metadata["t.ints"]?.ints, [3, -1])
        XCTAssertEqual(gguf.metadata["t.nested"]?.array?.first?.ints, [1, 2])
        XCTAssertNil(gguf.metadata["t.ints"]?.strings)
        XCTAssertNil(gguf.metadata["t.string"]?.int)
    }

    func testEmptyFileWithoutTensors() throws {
        let gguf = try open(GGUFBuilder())
        XCTAssertTrue(gguf.tensorInfos.isEmpty)
        XCTAssertEqual(gguf.alignment, GGUFFile.defaultAlignment)
        XCTAssertEqual(gguf.dataOffset, 32)
        XCTAssertThrowsError(try gguf.tensor(named: "x")) { error in
            guard case FormatError.tensorNotFound(_, "x") = error else { return XCTFail("\(error)") }
        }
    }

    func testWrongMagic() {
        var b = GGUFBuilder()
        b.magic = Array("GGML".utf8)
        assertOpenFails(b) { if case .badMagic(_, let found) = $0 { found == Array("GGML".utf8) } else { false } }
    }

    func testUnsupportedVersions() {
        for version: UInt32 in [0, 1, 4, 0x0300_0000] {
            var b = GGUFBuilder()
            b.version = version
            assertOpenFails(b) { if case .unsupportedVersion(_, version) = $0 { true } else { false } }
        }
        var b = GGUFBuilder()
        b.version = 0x0300_0000
        XCTAssertThrowsError(try open(b)) { XCTAssertTrue("\($0)".contains("big-endian"), "\($0)") }
    }

    func testTruncationNamesTheOffset() throws {
        var b = GGUFBuilder()
        b.add("general.name", .string("tiny"))
        b.addF32("w", [1, 2, 3, 4])
        let full = b.build()
        XCTAssertNoThrow(try GGUFFile(data: Data(full), name: "test.gguf"))
        for cut in 0..<full.count {
            XCTAssertThrowsError(try GGUFFile(data: Data(full[0..<cut]), name: "test.gguf"), "cut at \(cut)") { error in
                switch error as? FormatError {
                case .truncated(_, _, let offset, let needed, let size)?:
                    XCTAssertEqual(size, cut)
                    XCTAssertLessThanOrEqual(offset, cut)
                    XCTAssertGreaterThan(offset + needed, cut, "cut at \(cut): \(error)")
                case .tensorOutOfBounds(_, "w", _, let end, let size)?:
                    XCTAssertGreaterThan(end, size)
                default: XCTFail("cut at \(cut): \(error)")
                }
            }
        }
        // The key string starts at byte 24 + 8 (its length); cutting inside it names that offset.
        XCTAssertThrowsError(try GGUFFile(data: Data(full[0..<35]), name: "test.gguf")) { error in
            guard case FormatError.truncated(_, let field, 32, 12, 35)? = error as? FormatError else { return XCTFail("\(error)") }
            XCTAssertTrue(field.contains("key"), field)
        }
    }

    func testDuplicateKey() {
        var b = GGUFBuilder()
        b.add("general.name", .string("a"))
        b.add("general.name", .string("b"))
        assertOpenFails(b) { if case .invalidHeader(_, "general.name", _, let r) = $0 { r.contains("duplicate") } else { false } }
    }

    func testBadBool() {
        var b = GGUFBuilder()
        b.add("x.flag", .uint8(2))
        var bytes = b.build()
        bytes[24 + 8 + 6] = UInt8(GGUFValueType.bool.rawValue)  // retag the u8 value 2 as a bool
        XCTAssertThrowsError(try GGUFFile(data: Data(bytes), name: "test.gguf")) { error in
            guard case FormatError.invalidHeader(_, "x.flag", 42, let reason)? = error as? FormatError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("bool"), reason)
        }
    }

    func testUnknownValueTypes() {
        var b = GGUFBuilder()
        b.add("x.v", .uint32(7))
        var bytes = b.build()
        bytes[24 + 8 + 3] = 13  // value type 13 does not exist
        XCTAssertThrowsError(try GGUFFile(data: Data(bytes), name: "test.gguf")) { error in
            guard case FormatError.invalidHeader(_, "x.v", 35, let reason)? = error as? FormatError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("unknown value type 13"), reason)
        }
        var a = GGUFBuilder()
        a.add("x.a", .array(elementType: .int32, values: [.int32(1)]))
        bytes = a.build()
        bytes[24 + 8 + 3 + 4] = 99  // element type
        XCTAssertThrowsError(try GGUFFile(data: Data(bytes), name: "test.gguf")) { error in
            guard case FormatError.invalidHeader(_, "x.a", _, let reason)? = error as? FormatError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("99"), reason)
        }
    }

    func testImpossibleArrayCountAndDeepNesting() {
        var b = GGUFBuilder()
        b.add("x.a", .array(elementType: .string, values: [.string("a")]))
        var bytes = b.build()
        for i in 0..<8 { bytes[24 + 8 + 3 + 4 + 4 + i] = 0xFF }  // count = 2⁶⁴ − 1
        XCTAssertThrowsError(try GGUFFile(data: Data(bytes), name: "test.gguf")) { error in
            guard case FormatError.truncated = error else { return XCTFail("\(error)") }
        }
        var nested = GGUFValue.array(elementType: .int8, values: [.int8(1)])
        for _ in 0..<20 { nested = .array(elementType: .array, values: [nested]) }
        var n = GGUFBuilder()
        n.add("x.deep", nested)
        assertOpenFails(n) { if case .invalidHeader(_, "x.deep", _, let r) = $0 { r.contains("nested") } else { false } }
    }

    func testBadAlignment() {
        for value: GGUFValue in [.uint32(0), .uint32(48), .int32(32), .uint64(32)] {
            var b = GGUFBuilder()
            b.add("general.alignment", value)
            assertOpenFails(b) { if case .invalidHeader(_, "general.alignment", _, _) = $0 { true } else { false } }
        }
    }

    func testTensorDataOutOfBounds() {
        var b = GGUFBuilder()
        b.addF32("w", [1, 2, 3, 4])
        b.tensors[0].offset = 1 << 20
        assertOpenFails(b) { if case .tensorOutOfBounds(_, "w", _, _, _) = $0 { true } else { false } }
        b.tensors[0].offset = UInt64.max - 31
        assertOpenFails(b) { if case .invalidTensor(_, "w", _, _) = $0 { true } else { false } }
    }

    func testBadTensorInfos() {
        var b = GGUFBuilder()
        b.addTensor("q", ne: [33, 1], type: .q8_0, data: [UInt8](repeating: 0, count: 34))
        assertOpenFails(b) { if case .invalidTensor(_, "q", _, let r) = $0 { r.contains("not a multiple") } else { false } }

        for id: UInt32 in [4, 5, 31, 99] {
            var u = GGUFBuilder()
            u.addF32("w", [1])
            u.tensors[0].typeID = id
            assertOpenFails(u) { if case .invalidTensor(_, "w", _, let r) = $0 { r.contains("unknown ggml type id \(id)") } else { false } }
        }

        var dims = GGUFBuilder()
        dims.addF32("w", [1], ne: [1, 1, 1, 1, 1])
        assertOpenFails(dims) { if case .invalidTensor(_, "w", _, let r) = $0 { r.contains("n_dims") } else { false } }

        var overflow = GGUFBuilder()
        overflow.addF32("w", [1], ne: [1 << 40, 1 << 40])
        assertOpenFails(overflow) { if case .invalidTensor(_, "w", _, let r) = $0 { r.contains("overflows") } else { false } }

        var misaligned = GGUFBuilder()
        misaligned.addF32("w", [1])
        misaligned.tensors[0].offset = 4
        assertOpenFails(misaligned) { if case .invalidTensor(_, "w", _, let r) = $0 { r.contains("alignment") } else { false } }

        var duplicate = GGUFBuilder()
        duplicate.addF32("w", [1])
        duplicate.addF32("w", [2])
        assertOpenFails(duplicate) { if case .invalidTensor(_, "w", _, let r) = $0 { r.contains("duplicate") } else { false } }
    }

    func testUndecodableTypeThrowsOnRead() throws {
        var b = GGUFBuilder()
        b.addTensor("iq", ne: [256, 2], type: .iq2_XXS, data: [UInt8](repeating: 0, count: 2 * 66))
        b.addTensor("i32", ne: [2], type: .i32, data: [UInt8](repeating: 0, count: 8))
        let gguf = try open(b)
        XCTAssertEqual(gguf.info(named: "iq")?.nBytes, 132)
        for (name, type) in [("iq", "IQ2_XXS"), ("i32", "I32")] {
            XCTAssertThrowsError(try gguf.tensor(named: name)) { error in
                guard case FormatError.unsupportedType(_, name, type)? = error as? FormatError else { return XCTFail("\(error)") }
                XCTAssertTrue("\(error)".contains("'\(name)'"))
            }
        }
    }

    func testKQuantTensorsDecodeThroughTheFile() throws {
        let fixture = try loadFixture(KQuantBlocks.self, "gguf/kquants/blocks.json")
        var b = GGUFBuilder()
        var expected: [String: (shape: [Int], values: [Double])] = [:]
        for (i, entry) in fixture.types.enumerated() {
            let type = try XCTUnwrap(GGMLType(rawValue: entry.type_id))
            let name = "t\(i).\(entry.type)"
            // Two rows of two blocks each: ne = [2·block, 2], PyTorch shape [2, 2·block].
            let blocks = entry.blocks.prefix(4)
            b.addTensor(name, ne: [UInt64(2 * entry.block_size), 2], type: type, data: blocks.flatMap { bytes(fromHex: $0.raw_hex) })
            expected[name] = ([2, 2 * entry.block_size], blocks.flatMap(\.values))
        }
        let gguf = try open(b)
        for (name, e) in expected {
            let t = try gguf.tensor(named: name)
            XCTAssertEqual(t.shape, e.shape, name)
            assertBitExact(t.scalars, e.values, name)
        }
    }
}
