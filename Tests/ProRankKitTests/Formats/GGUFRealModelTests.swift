// Tensors of the two real GGUF files described in fixtures/gguf/kquants/real_tensors.json (SmolLM2-135M
// Q4_1 and Qwen2.5-Coder-0.5B Q4_K_M). The files are large and not in the fixtures: each is checked when it is
// in the model cache (`prorank-repl models fetch` puts it there) and skipped with a message otherwise.

import Foundation
import XCTest
@testable import ProRankKit

final class GGUFRealModelTests: XCTestCase {
    /// The model-cache folder of each real_tensors.json file key (names as `prorank-repl models fetch` uses).
    private static let cacheFolders = [
        "smollm2": "smollm2-135m-instruct",
        "qwen2.5-coder-0.5b-q4_k_m": "qwen2.5-coder-0.5b-instruct",
    ]

    /// `$PRORANK_MODELS`, or `~/.cache/prorank/models`.
    private var modelsRoot: URL {
        if let path = ProcessInfo.processInfo.environment["PRORANK_MODELS"], !path.isEmpty { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: NSHomeDirectory()).appendingPathComponent(".cache/prorank/models")
    }

    /// The `.gguf` in the file's cache folder whose size is the recorded one.
    private func locate(_ file: RealTensors.File) -> URL? {
        guard let folder = Self.cacheFolders[file.key] else { return nil }
        let dir = modelsRoot.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".gguf") }.sorted().map { dir.appendingPathComponent($0) }.first { url in
            ((try? FileManager.default.attributesOfItem(atPath: url.path)[.size]) as? NSNumber)?.intValue == file.size
        }
    }

    func testSmolLM2Tensors() throws { try check(fileKey: "smollm2") }

    func testQwen25CoderTensors() throws { try check(fileKey: "qwen2.5-coder-0.5b-q4_k_m") }

    private func check(fileKey: String) throws {
        let fixture = try loadFixture(RealTensors.self, "gguf/kquants/real_tensors.json")
        let file = try XCTUnwrap(fixture.files.first { $0.key == fileKey }, "no \(fileKey) in real_tensors.json")
        guard let url = locate(file) else {
            throw XCTSkip("real GGUF '\(fileKey)' (\(file.size) bytes) not found under \(modelsRoot.path)/\(Self.cacheFolders[fileKey] ?? "?"); "
                + "fetch it with `prorank-repl models fetch` or set PRORANK_MODELS")
        }
        let gguf = try GGUFFile(url: url)
        XCTAssertEqual(gguf.tensorInfos.count, file.tensor_count)
        XCTAssertEqual(gguf.dataOffset, file.data_offset)
        XCTAssertEqual(gguf.alignment, file.alignment)
        let tensors = fixture.tensors.filter { $0.file == fileKey }
        XCTAssertFalse(tensors.isEmpty)
        for expected in tensors {
            let at = "\(fileKey) \(expected.name)"
            let info = try XCTUnwrap(gguf.info(named: expected.name), at)
            XCTAssertEqual(info.type.name, expected.type, at)
            XCTAssertEqual(info.type.rawValue, expected.type_id, at)
            XCTAssertEqual(info.ne, expected.ne, at)
            XCTAssertEqual(info.shape, expected.torch_shape, at)
            XCTAssertEqual(info.elementCount, expected.n_elements, at)
            XCTAssertEqual(info.nBytes, expected.n_bytes, at)
            XCTAssertEqual(info.fileOffset, expected.file_offset, at)
            XCTAssertEqual(try gguf.withRawBytes(of: expected.name) { SHA256.hash($0) }, expected.raw_sha256, at)

            let t = try gguf.tensor(named: expected.name)
            XCTAssertEqual(t.shape, expected.torch_shape, at)
            let values = UnsafeBufferPointer(start: t.storage.base, count: t.count)
            assertBitExact(Array(values.prefix(64)), expected.first64, "\(at) first64")
            assertBitExact(Array(values.suffix(64)), expected.last64, "\(at) last64")
            let sum = values.reduce(0.0) { $0 + Double($1) }
            XCTAssertLessThanOrEqual(abs(sum - expected.sum), 1e-6 * abs(expected.sum), "\(at) sum \(sum) vs \(expected.sum)")
        }
    }
}
