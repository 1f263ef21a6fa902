// Fuzz-style robustness: fixture files truncated at many offsets and with random bytes flipped in their
// headers. Every case must either throw a FormatError or succeed (and then read every tensor) — never trap.

import Foundation
import XCTest
@testable import ProRankKit

final class FormatFuzzTests: XCTestCase {
    /// Opens `bytes` as GGUF and, if that works, reads every tensor and the HF mapping. Returns whether the
    /// open succeeded; fails the test for any error that is not a FormatError.
    @discardableResult
    private func exerciseGGUF(_ bytes: [UInt8], _ what: String) -> Bool {
        do {
            let gguf = try GGUFFile(data: Data(bytes), name: what)
            for info in gguf.tensorInfos {
                do { _ = try gguf.tensor(named: info.name) } catch is FormatError {}
            }
            do { _ = try gguf.huggingFaceTensors() } catch is FormatError {}
            return true
        } catch is FormatError {
            return false
        } catch {
            XCTFail("\(what): unexpected error type \(error)")
            return false
        }
    }

    private func fixtureBytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: fixturesRoot().appendingPathComponent(relative)))
    }

    func testTruncatedGGUFAlwaysThrows() throws {
        for file in ["gguf/tiny-llama/tiny-llama-Q4_0.gguf", "gguf/tiny-qwen2/tiny-qwen2-Q5_1.gguf"] {
            let bytes = try fixtureBytes(file)
            let gguf = try GGUFFile(data: Data(bytes), name: file)
            // Every offset of the fixed header and first key, a stride through metadata and tensor infos, the
            // bytes around the data offset, and a stride through the data (the last tensor ends at the end).
            var cuts = Set(0..<64)
            cuts.formUnion(stride(from: 64, to: gguf.dataOffset, by: 89))
            cuts.formUnion((gguf.dataOffset - 40)...(gguf.dataOffset + 8))
            cuts.formUnion(stride(from: gguf.dataOffset, to: bytes.count, by: 4099))
            cuts.insert(bytes.count - 1)
            XCTAssertEqual(gguf.tensorInfos.map { $0.fileOffset + $0.nBytes }.max(), bytes.count, "the last tensor ends the file")
            for cut in cuts.sorted() {
                XCTAssertFalse(exerciseGGUF(Array(bytes[0..<cut]), "\(file) cut at \(cut)"), "\(file) cut at \(cut) must throw")
            }
        }
    }

    func testRandomByteFlipsInGGUFHeaderNeverTrap() throws {
        let file = "gguf/tiny-llama/tiny-llama-Q4_1.gguf"
        let original = try fixtureBytes(file)
        let dataOffset = try GGUFFile(data: Data(original), name: file).dataOffset
        var rng = SeededRNG(seed: 20_250_601)
        var opened = 0, rejected = 0
        for iteration in 0..<300 {
            var bytes = original
            // A third of the flips hit the fixed header and the first keys, a third the tensor infos at the
            // end of the header, a third anywhere in the header (mostly vocabulary strings).
            let region: Range<Int>
            switch iteration % 3 {
            case 0: region = 0..<min(700, dataOffset)
            case 1: region = max(0, dataOffset - 2200)..<dataOffset
            default: region = 0..<dataOffset
            }
            let flips = 1 + Int(rng.next() % 4)
            for _ in 0..<flips {
                let at = region.lowerBound + Int(rng.next() % UInt64(region.count))
                bytes[at] = rng.next() % 2 == 0 ? UInt8(truncatingIfNeeded: rng.next()) : bytes[at] ^ (1 << UInt8(rng.next() % 8))
            }
            if exerciseGGUF(bytes, "\(file) flip #\(iteration)") { opened += 1 } else { rejected += 1 }
        }
        // Both outcomes occur, so the test exercises the error paths and the decoding paths.
        XCTAssertGreaterThan(opened, 0)
        XCTAssertGreaterThan(rejected, 0)
    }

    @discardableResult
    private func exerciseSafetensors(_ bytes: [UInt8], _ what: String) -> Bool {
        do {
            let file = try SafetensorsFile(data: Data(bytes), name: what)
            _ = try file.tensors()
            return true
        } catch is FormatError {
            return false
        } catch {
            XCTFail("\(what): unexpected error type \(error)")
            return false
        }
    }

    func testDamagedSafetensorsNeverTrap() throws {
        let file = "models/tiny-llama/model.safetensors"
        let original = try fixtureBytes(file)
        let headerEnd = try SafetensorsFile(data: Data(original), name: file).dataOffset
        var cuts = Set(0..<16)
        cuts.formUnion(stride(from: 16, to: headerEnd + 64, by: 37))
        cuts.formUnion(stride(from: headerEnd, to: original.count, by: 7919))
        for cut in cuts.sorted() {
            XCTAssertFalse(exerciseSafetensors(Array(original[0..<cut]), "\(file) cut at \(cut)"), "\(file) cut at \(cut) must throw")
        }
        var rng = SeededRNG(seed: 7)
        var rejected = 0
        for iteration in 0..<300 {
            var bytes = original
            for _ in 0..<(1 + Int(rng.next() % 3)) {
                let at = Int(rng.next() % UInt64(headerEnd))
                bytes[at] = iteration % 2 == 0 ? UInt8(truncatingIfNeeded: rng.next()) : bytes[at] ^ (1 << UInt8(rng.next() % 8))
            }
            if !exerciseSafetensors(bytes, "\(file) flip #\(iteration)") { rejected += 1 }
        }
        XCTAssertGreaterThan(rejected, 0)
    }
}
