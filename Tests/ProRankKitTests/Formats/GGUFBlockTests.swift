// Block decoding against gguf-py: every block of fixtures/gguf/kquants/blocks.json (real blocks from the
// Qwen2.5 Q4_K_M and SmolLM2 Q4_1 files, synthetic blocks of every type) must dequantize bit-exactly.

import Foundation
import XCTest
@testable import ProRankKit

final class GGUFBlockTests: XCTestCase {
    func testEveryFixtureBlockDequantizesBitExactly() throws {
        let fixture = try loadFixture(KQuantBlocks.self, "gguf/kquants/blocks.json")
        XCTAssertFalse(fixture.types.isEmpty)
        var checkedTypes = Set<String>()
        for entry in fixture.types {
            let type = try XCTUnwrap(GGMLType(rawValue: entry.type_id), "type id \(entry.type_id)")
            XCTAssertEqual(type.name, entry.type)
            XCTAssertEqual(type.blockElements, entry.block_size, entry.type)
            XCTAssertEqual(type.blockBytes, entry.type_size, entry.type)
            XCTAssertTrue(type.isDecodable, entry.type)
            for block in entry.blocks {
                let raw = bytes(fromHex: block.raw_hex)
                XCTAssertEqual(raw.count, entry.type_size)
                let values = try raw.withUnsafeBytes { try type.dequantize($0) }
                assertBitExact(values, block.values, "\(entry.type) block \(block.block_index) (\(entry.source.prefix(40)))")
            }
            checkedTypes.insert(entry.type)
        }
        // The fixture covers every block type the reader decodes.
        let blockTypes = GGMLType.allCases.filter { $0.isDecodable && $0.blockElements > 1 }.map(\.name)
        XCTAssertEqual(checkedTypes, Set(blockTypes))
    }

    func testQuantizeRoundtripBlocksDequantizeExactly() throws {
        let fixture = try loadFixture(KQuantBlocks.self, "gguf/kquants/blocks.json")
        XCTAssertFalse(fixture.quantize_roundtrip.isEmpty)
        for case_ in fixture.quantize_roundtrip {
            let type = try XCTUnwrap(GGMLType.allCases.first { $0.name == case_.type }, case_.type)
            let values = try bytes(fromHex: case_.raw_hex).withUnsafeBytes { try type.dequantize($0) }
            assertBitExact(values, case_.dequantized, "quantize_roundtrip \(case_.type)")
        }
    }

    func testPartialBlocksAndUndecodableTypesThrow() throws {
        let raw = [UInt8](repeating: 0, count: 33)
        XCTAssertThrowsError(try raw.withUnsafeBytes { try GGMLType.q8_0.dequantize($0) }) { error in
            guard case FormatError.truncated = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try raw.withUnsafeBytes { try GGMLType.iq2_XXS.dequantize($0) }) { error in
            guard case FormatError.unsupportedType(_, _, let type) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(type, "IQ2_XXS")
        }
    }

    func testHalfAndBFloat16Widening() {
        // Every binary16 value converts to the Float32 whose value it denotes (checked via Double arithmetic).
        for h in UInt16(0)...UInt16.max {
            let f = HalfFloat.float(fromHalf: h)
            let sign: Double = h & 0x8000 != 0 ? -1 : 1
            let exponent = Int(h >> 10) & 0x1F, mantissa = Double(h & 0x3FF)
            if exponent == 0x1F {
                XCTAssertTrue(mantissa == 0 ? f.isInfinite : f.isNaN, "half \(h)")
                XCTAssertEqual(f.sign == .minus, sign < 0, "half \(h)")
            } else {
                let expected = exponent == 0 ? sign * mantissa * 0x1p-24 : sign * (1 + mantissa / 1024) * pow(2, Double(exponent - 15))
                if Double(f) != expected || f.sign != (sign < 0 ? .minus : .plus) { return XCTFail("half \(h): \(f) vs \(expected)") }
            }
        }
        XCTAssertEqual(HalfFloat.float(fromBFloat16: 0x3F80), 1)
        XCTAssertEqual(HalfFloat.float(fromBFloat16: 0xC040), -3)
    }

    func testBFloat16RoundsToNearestEven() {
        // 1 + 2⁻⁸ lies halfway between bf16 neighbours 1 and 1 + 2⁻⁷: ties go to the even mantissa (1).
        XCTAssertEqual(HalfFloat.bfloat16(from: 1 + 0x1p-8), 0x3F80)
        // 1 + 3·2⁻⁸ lies halfway between 1 + 2⁻⁷ (odd) and 1 + 2⁻⁶ (even).
        XCTAssertEqual(HalfFloat.bfloat16(from: 1 + 3 * 0x1p-8), 0x3F82)
        XCTAssertEqual(HalfFloat.bfloat16(from: 1 + 0x1p-8 + 0x1p-20), 0x3F81)
        XCTAssertEqual(HalfFloat.bfloat16(from: .nan), 0x7FC0)
        XCTAssertEqual(HalfFloat.bfloat16(from: .infinity), 0x7F80)
        XCTAssertEqual(HalfFloat.bfloat16(from: .greatestFiniteMagnitude), 0x7F80)
        XCTAssertEqual(HalfFloat.bfloat16(from: -0.0), 0x8000)
    }
}
