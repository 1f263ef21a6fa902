// The 16 GGUF files of the tiny models against gguf-py's view of them (fixtures/gguf/reference.json):
// container fields, every tensor's info and raw bytes, metadata, and the HF-mapped weights against the
// models' model.safetensors (exact for F32, which checks the llama Q/K un-permutation).

import Foundation
import XCTest
@testable import ProRankKit

final class GGUFReferenceTests: XCTestCase {
    /// (model, type, file entry, opened file) for every file in reference.json.
    private func referenceFiles() throws -> [(model: String, type: String, entry: GGUFReference.File, gguf: GGUFFile)] {
        let reference = try loadFixture(GGUFReference.self, "gguf/reference.json")
        let root = try fixturesRoot().appendingPathComponent("gguf")
        var out: [(String, String, GGUFReference.File, GGUFFile)] = []
        for (model, m) in reference.models.sorted(by: { $0.key < $1.key }) {
            for (type, entry) in m.files.sorted(by: { $0.key < $1.key }) {
                out.append((model, type, entry, try GGUFFile(url: root.appendingPathComponent(entry.file))))
            }
        }
        XCTAssertEqual(out.count, 16)
        return out
    }

    func testContainerAndTensorInfosMatchReference() throws {
        for (model, type, entry, gguf) in try referenceFiles() {
            let what = "\(model) \(type)"
            XCTAssertEqual(gguf.fileSize, entry.size, what)
            XCTAssertEqual(gguf.version, entry.gguf_version, what)
            XCTAssertEqual(gguf.dataOffset, entry.data_offset, what)
            XCTAssertEqual(gguf.alignment, entry.alignment, what)
            XCTAssertEqual(gguf.tensorInfos.map(\.name), entry.tensors.map(\.name), what)
            for expected in entry.tensors {
                guard let info = gguf.info(named: expected.name) else { XCTFail("\(what): no \(expected.name)"); continue }
                let at = "\(what) \(expected.name)"
                XCTAssertEqual(info.type.name, expected.type, at)
                XCTAssertEqual(info.type.rawValue, expected.type_id, at)
                XCTAssertEqual(info.ne, expected.ne, at)
                XCTAssertEqual(info.shape, expected.ne.reversed(), at)
                XCTAssertEqual(info.elementCount, expected.n_elements, at)
                XCTAssertEqual(info.nBytes, expected.n_bytes, at)
                XCTAssertEqual(info.offset, expected.offset_in_data, at)
                XCTAssertEqual(info.fileOffset, expected.file_offset, at)
                XCTAssertEqual(try gguf.withRawBytes(of: expected.name) { SHA256.hash($0) }, expected.raw_sha256, at)
            }
        }
    }

    func testWholeFileSHA256() throws {
        let reference = try loadFixture(GGUFReference.self, "gguf/reference.json")
        let root = try fixturesRoot().appendingPathComponent("gguf")
        for (_, m) in reference.models {
            for (_, entry) in m.files {
                XCTAssertEqual(try SHA256.hash(contentsOf: root.appendingPathComponent(entry.file)), entry.sha256, entry.file)
            }
        }
    }

    func testMetadataMatchesReference() throws {
        for (model, type, entry, gguf) in try referenceFiles() {
            XCTAssertEqual(Set(gguf.metadataKeys), Set(entry.metadata.keys), "\(model) \(type)")
            for (key, expected) in entry.metadata {
                let at = "\(model) \(type) \(key)"
                guard let value = gguf.metadata[key] else { XCTFail("\(at): missing"); continue }
                switch expected {
                case .object(let summary):
                    // Arrays are summarised as {"array_len", "first5", "element_type"}.
                    XCTAssertEqual(value.array?.count, summary["array_len"].flatMap { if case .int(let n) = $0 { n } else { nil } }, at)
                    if case .string(let elementType)? = summary["element_type"], case .array(let t, _) = value {
                        XCTAssertEqual(String(describing: t).uppercased(), elementType, at)
                    }
                    guard case .array(let first5)? = summary["first5"], let elements = value.array else { XCTFail(at); continue }
                    XCTAssertEqual(elements.count >= first5.count ? first5.count : -1, first5.count, at)
                    for (v, e) in zip(elements, first5) { XCTAssertTrue(Self.same(Self.json(v), e), "\(at): \(v) vs \(e)") }
                default:
                    XCTAssertTrue(Self.same(Self.json(value), expected), "\(at): \(value) vs \(expected)")
                }
            }
            XCTAssertEqual(gguf.architecture, gguf.metadata["general.architecture"]?.string)
        }
    }

    /// JSON equality with numbers compared by value (the decoder may read `10000.0` as an integer).
    private static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = a.number, let y = b.number { return x == y }
        return a == b
    }

    /// A scalar GGUF value as the JSON value gguf-py's dump would hold (float32 widened to double).
    private static func json(_ v: GGUFValue) -> JSONValue {
        switch v {
        case .bool(let b): return .bool(b)
        case .string(let s): return .string(s)
        case .float32(let f): return .double(Double(f))
        case .float64(let d): return .double(d)
        case .array(_, let values): return .array(values.map(json))
        default: return .int(v.int!)
        }
    }

    func testHuggingFaceTensorsMatchSafetensors() throws {
        let reference = try loadFixture(GGUFReference.self, "gguf/reference.json")
        let root = try fixturesRoot()
        for (model, m) in reference.models.sorted(by: { $0.key < $1.key }) {
            let hf = try Safetensors.read(root.appendingPathComponent("models/\(model)/model.safetensors"))
            for (type, entry) in m.files.sorted(by: { $0.key < $1.key }) {
                let gguf = try GGUFFile(url: root.appendingPathComponent("gguf/\(entry.file)"))
                XCTAssertEqual(gguf.architecture, m.arch)
                XCTAssertEqual(try gguf.qkRowsArePermuted(), m.llama_qk_permuted)
                let mapped = try gguf.huggingFaceTensors()
                XCTAssertEqual(Set(mapped.keys), Set(hf.keys), "\(model) \(type): tensor names")
                for (ggufName, maxError) in entry.dequant_max_abs_err_vs_source {
                    let name = try XCTUnwrap(GGUFFile.huggingFaceName(for: ggufName))
                    let at = "\(model) \(type) \(ggufName) → \(name)"
                    guard let a = mapped[name], let b = hf[name] else { XCTFail("\(at): missing"); continue }
                    XCTAssertEqual(a.shape, b.shape, at)
                    guard a.shape == b.shape else { continue }
                    var worst: Float = 0
                    for i in 0..<a.count { worst = max(worst, abs(a.storage.base[i] - b.storage.base[i])) }
                    // The recorded error compares GGUF with the permuted source; un-permuting both sides moves
                    // rows, so the maximum is the same.
                    XCTAssertLessThanOrEqual(worst, Float(maxError), at)
                    if type == "F32" {
                        XCTAssertTrue(a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern), "\(at): F32 must be exact")
                    }
                }
                XCTAssertEqual(Set(entry.dequant_max_abs_err_vs_source.keys), Set(entry.tensors.map(\.name)), "\(model) \(type)")
            }
        }
    }

    func testHyperparametersReadableByArchitecture() throws {
        for (_, _, entry, gguf) in try referenceFiles() {
            let arch = try XCTUnwrap(gguf.architecture)
            for suffix in ["embedding_length", "block_count", "feed_forward_length", "attention.head_count", "attention.head_count_kv", "context_length"] {
                XCTAssertEqual(gguf.hyperparameter(suffix)?.int, gguf.metadata["\(arch).\(suffix)"]?.int, suffix)
                let expected = try XCTUnwrap(entry.metadata["\(arch).\(suffix)"], suffix)
                XCTAssertTrue(Self.same(try XCTUnwrap(gguf.hyperparameter(suffix).map(Self.json)), expected), suffix)
            }
            XCTAssertEqual(gguf.hyperparameter("attention.layer_norm_rms_epsilon")?.float,
                           entry.metadata["\(arch).attention.layer_norm_rms_epsilon"]?.number)
        }
    }
}
