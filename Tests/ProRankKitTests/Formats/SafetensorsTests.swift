// Safetensors: write → read round trips (F32, BF16), the header layout, validation errors on hand-made files,
// the fixture models' files, and interoperability with HF `safetensors` when the benchmark venv exists.

import Foundation
import XCTest
@testable import ProRankKit

final class SafetensorsTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("prorank-safetensors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Tensors of assorted shapes (scalar, empty, odd sizes) with special values, in unsorted name order.
    private func sampleTensors() -> [(name: String, tensor: Tensor)] {
        var rng = SeededRNG(seed: 11)
        let special: [Float] = [0, -0.0, 1, -1, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
                                1 + 0x1p-8, 1 + 3 * 0x1p-8, -(1 + 0x1p-8), 0x1p-130, 65504, 3.14159265]
        return [
            ("model.layers.1.mlp.up_proj.weight", Tensor.normal([7, 5], rng: &rng)),
            ("b", Tensor(shape: [special.count], data: special)),
            ("model.embed_tokens.weight", Tensor.normal([4, 3, 2], std: 0.3, rng: &rng)),
            ("scalar", Tensor(2.5)),
            ("empty", Tensor(shape: [0, 3], data: [])),
            ("A", Tensor.normal([1], rng: &rng)),
            ("naïve/name \"quoted\"\n", Tensor.normal([2], rng: &rng)),
        ]
    }

    private func bits(_ t: Tensor) -> [UInt32] { t.scalars.map(\.bitPattern) }

    func testF32RoundTrip() throws {
        let url = directory.appendingPathComponent("f32.safetensors")
        let tensors = sampleTensors()
        try Safetensors.write(tensors, to: url, metadata: ["format": "pt", "note": "a\"b"])
        let file = try SafetensorsFile(url: url)
        XCTAssertEqual(file.metadata, ["format": "pt", "note": "a\"b"])
        let read = try file.tensors()
        XCTAssertEqual(Set(read.keys), Set(tensors.map(\.name)))
        for (name, t) in tensors {
            let r = try XCTUnwrap(read[name], name)
            XCTAssertEqual(r.shape, t.shape, name)
            XCTAssertEqual(bits(r), bits(t), name)
        }
        // Entries are in byte-wise name order, contiguous, F32.
        let infos = file.tensorInfos
        XCTAssertEqual(infos.map(\.name), tensors.map(\.name).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        var end = 0
        for info in infos {
            XCTAssertEqual(info.dtype, .f32)
            XCTAssertEqual(info.dataOffsets.lowerBound, end)
            end = info.dataOffsets.upperBound
        }
        XCTAssertEqual(file.dataOffset + end, file.fileSize)
        XCTAssertEqual(try Safetensors.tensorInfos(url), infos)
    }

    func testBF16WriteRoundsToNearestEven() throws {
        let url = directory.appendingPathComponent("bf16.safetensors")
        let tensors = sampleTensors()
        try Safetensors.write(tensors, to: url, dtype: .bf16)
        let read = try Safetensors.read(url)
        XCTAssertTrue(try Safetensors.tensorInfos(url).allSatisfy { $0.dtype == .bf16 })
        for (name, t) in tensors {
            let expected = t.scalars.map { HalfFloat.float(fromBFloat16: HalfFloat.bfloat16(from: $0)).bitPattern }
            XCTAssertEqual(try XCTUnwrap(read[name]).scalars.map(\.bitPattern), expected, name)
        }
        XCTAssertEqual(try XCTUnwrap(read["b"])[8], 1, "1 + 2⁻⁸ is a tie and rounds to the even 1")
    }

    func testHeaderLayout() throws {
        let url = directory.appendingPathComponent("layout.safetensors")
        try Safetensors.write([("b", Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])), ("a\t", Tensor(7))], to: url)
        let data = try Data(contentsOf: url)
        let n = Int(data.prefix(8).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) })
        XCTAssertEqual(n % 8, 0)
        let header = String(decoding: data[8..<(8 + n)], as: UTF8.self)
        XCTAssertEqual(header.trimmingCharacters(in: .whitespaces),
                       #"{"a\t":{"dtype":"F32","shape":[],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[2,3],"data_offsets":[4,28]}}"#)
        XCTAssertTrue(header.hasSuffix(String(repeating: " ", count: n - header.trimmingCharacters(in: .whitespaces).utf8.count)))
        XCTAssertEqual(data.count, 8 + n + 28)

        try Safetensors.write([("x", Tensor(1))], to: url, metadata: ["format": "pt"])
        let withMetadata = try Data(contentsOf: url)
        XCTAssertTrue(String(decoding: withMetadata[8...], as: UTF8.self).hasPrefix(#"{"__metadata__":{"format":"pt"},"x":"#))
    }

    func testFixtureModelsMatchTheirReference() throws {
        struct ModelReference: Decodable { let safetensors_tensors: [String: [Int]] }
        for model in ["tiny-llama", "tiny-qwen2"] {
            let reference = try loadFixture(ModelReference.self, "models/\(model)/reference.json")
            let url = try fixturesRoot().appendingPathComponent("models/\(model)/model.safetensors")
            let infos = try Safetensors.tensorInfos(url)
            XCTAssertEqual(Dictionary(uniqueKeysWithValues: infos.map { ($0.name, $0.shape) }), reference.safetensors_tensors, model)
            let tensors = try Safetensors.read(url)
            XCTAssertEqual(tensors.mapValues(\.shape), reference.safetensors_tensors, model)
        }
    }

    // MARK: validation

    /// A safetensors file from a header string and a data section.
    private func raw(_ header: String, data: [UInt8] = [], length: UInt64? = nil) -> Data {
        var out: [UInt8] = []
        GGUFBuilder.append(length ?? UInt64(header.utf8.count), to: &out)
        return Data(out + Array(header.utf8) + data)
    }

    private func assertFails(_ data: Data, file: StaticString = #filePath, line: UInt = #line, _ check: (FormatError) -> Bool) {
        XCTAssertThrowsError(try SafetensorsFile(data: data, name: "bad.safetensors").tensors(), file: file, line: line) { error in
            guard let e = error as? FormatError else { return XCTFail("not a FormatError: \(error)", file: file, line: line) }
            XCTAssertTrue(check(e), "unexpected error: \(e)", file: file, line: line)
            XCTAssertTrue(e.description.contains("bad.safetensors") && e.description.contains("hint:"), "\(e)", file: file, line: line)
        }
    }

    func testMalformedFilesThrow() {
        let zeros = [UInt8](repeating: 0, count: 16)
        assertFails(Data([1, 2, 3])) { if case .truncated(_, _, 0, 8, 3) = $0 { true } else { false } }
        assertFails(raw("{}", length: 1000)) { if case .truncated(_, _, 8, 1000, _) = $0 { true } else { false } }
        assertFails(raw("{}", length: UInt64.max)) { if case .truncated = $0 { true } else { false } }
        assertFails(raw(#"{"a": {"dtype": "F32""#)) { if case .invalidHeader(_, _, 8, let r) = $0 { r.contains("JSON") } else { false } }
        assertFails(raw(#"[1, 2]"#)) { if case .invalidHeader = $0 { true } else { false } }
        assertFails(raw(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, data: [0, 0, 0, 0])) {
            if case .tensorOutOfBounds(_, "a", _, _, _) = $0 { true } else { false }
        }
        assertFails(raw(#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: zeros)) {
            if case .invalidTensor(_, "a", _, let r) = $0 { r.contains("needs 12") } else { false }
        }
        assertFails(raw(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#, data: zeros)) {
            if case .invalidTensor(_, "b", _, let r) = $0 { r.contains("overlap") } else { false }
        }
        assertFails(raw(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#, data: zeros)) {
            if case .invalidTensor(_, "a", _, _) = $0 { true } else { false }
        }
        assertFails(raw(#"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, data: zeros)) {
            if case .invalidTensor(_, "a", _, let r) = $0 { r.contains("negative or non-integer") } else { false }
        }
        assertFails(raw(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0]}}"#, data: zeros)) {
            if case .invalidTensor(_, "a", _, _) = $0 { true } else { false }
        }
        assertFails(raw(#"{"a":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]}}"#, data: zeros)) {
            if case .invalidTensor(_, "a", _, let r) = $0 { r.contains("unknown dtype 'Q4'") } else { false }
        }
        assertFails(raw(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,1.5]}}"#, data: zeros)) {
            if case .invalidTensor(_, "a", _, let r) = $0 { r.contains("two integers") } else { false }
        }
        assertFails(raw(#"{"a":{"dtype":"F32","shape":"2","data_offsets":[0,8]}}"#, data: zeros)) {
            if case .invalidHeader(_, "a", _, _) = $0 { true } else { false }
        }
        assertFails(raw(#"{"__metadata__":{"n":1}}"#)) { if case .invalidHeader(_, "__metadata__", _, _) = $0 { true } else { false } }
        assertFails(raw(#"{"ids":{"dtype":"I64","shape":[2],"data_offsets":[0,16]}}"#, data: zeros)) {
            if case .unsupportedType(_, "ids", "I64") = $0 { true } else { false }
        }
    }

    func testF16AndLookup() throws {
        // 1.0, −2.0, 65504, smallest subnormal, as binary16.
        let halves: [UInt16] = [0x3C00, 0xC000, 0x7BFF, 0x0001]
        var data: [UInt8] = []
        for h in halves { GGUFBuilder.append(h, to: &data) }
        let file = try SafetensorsFile(data: raw(#"{"h":{"dtype":"F16","shape":[2,2],"data_offsets":[0,8]}}"#, data: data))
        let t = try file.tensor(named: "h")
        XCTAssertEqual(t.shape, [2, 2])
        XCTAssertEqual(t.scalars, [1, -2, 65504, 0x1p-24])
        XCTAssertThrowsError(try file.tensor(named: "nope")) { error in
            guard case FormatError.tensorNotFound(_, "nope")? = error as? FormatError else { return XCTFail("\(error)") }
        }
    }

    // MARK: HF interoperability

    /// `safetensors.torch.load_file` reads our files; saving what it read with `save_file` reproduces our
    /// bytes exactly (so values, header and layout are identical), and torch's own bfloat16 rounding of our
    /// F32 tensors equals our BF16 file.
    func testHuggingFaceSafetensorsReadsOurFilesIdentically() throws {
        let python = URL(fileURLWithPath: NSHomeDirectory()).appendingPathComponent(".cache/prorank-bench/venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw XCTSkip("HF safetensors interop check skipped: \(python.path) not found (the benchmark venv provides torch + safetensors)")
        }
        // Ties and specials, but no NaN: torch's vectorised bfloat16 cast writes NaN as 0xFFFF, its scalar one 0x7FC0.
        let tensors = sampleTensors()
        let f32 = directory.appendingPathComponent("ours-f32.safetensors"), bf16 = directory.appendingPathComponent("ours-bf16.safetensors")
        try Safetensors.write(tensors, to: f32, metadata: ["format": "pt"])
        try Safetensors.write(tensors, to: bf16, dtype: .bf16, metadata: ["format": "pt"])
        let script = """
        import sys, torch
        from safetensors import safe_open
        from safetensors.torch import load_file, save_file
        f32, bf16, out = sys.argv[1:4]
        meta = safe_open(f32, "pt").metadata()
        a = load_file(f32)
        save_file(a, out + "/resaved-f32.safetensors", metadata=meta)
        save_file(load_file(bf16), out + "/resaved-bf16.safetensors", metadata=meta)
        save_file({k: v.to(torch.bfloat16) for k, v in a.items()}, out + "/torch-bf16.safetensors", metadata=meta)
        """
        let process = Process()
        process.executableURL = python
        process.arguments = ["-c", script, f32.path, bf16.path, directory.path]
        let stderr = Pipe()
        process.standardError = stderr
        try process.run()
        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, message)
        guard process.terminationStatus == 0 else { return }
        let ours32 = try Data(contentsOf: f32), ours16 = try Data(contentsOf: bf16)
        XCTAssertEqual(try Data(contentsOf: directory.appendingPathComponent("resaved-f32.safetensors")), ours32, "F32 file differs from HF's")
        XCTAssertEqual(try Data(contentsOf: directory.appendingPathComponent("resaved-bf16.safetensors")), ours16, "BF16 file differs from HF's")
        XCTAssertEqual(try Data(contentsOf: directory.appendingPathComponent("torch-bf16.safetensors")), ours16, "BF16 rounding differs from torch")
    }
}
