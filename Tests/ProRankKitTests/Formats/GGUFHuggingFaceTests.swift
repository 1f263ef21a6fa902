// HF name mapping and the llama Q/K un-permutation on small built files whose rows are labelled by their
// index, so each output row shows where it came from.

import Foundation
import XCTest
@testable import ProRankKit

final class GGUFHuggingFaceTests: XCTestCase {
    func testNameMapping() {
        let cases = [
            ("token_embd.weight", "model.embed_tokens.weight"),
            ("output_norm.weight", "model.norm.weight"),
            ("output.weight", "lm_head.weight"),
            ("blk.0.attn_norm.weight", "model.layers.0.input_layernorm.weight"),
            ("blk.11.attn_q.weight", "model.layers.11.self_attn.q_proj.weight"),
            ("blk.3.attn_k.bias", "model.layers.3.self_attn.k_proj.bias"),
            ("blk.3.attn_v.weight", "model.layers.3.self_attn.v_proj.weight"),
            ("blk.2.attn_output.weight", "model.layers.2.self_attn.o_proj.weight"),
            ("blk.2.ffn_norm.weight", "model.layers.2.post_attention_layernorm.weight"),
            ("blk.2.ffn_gate.weight", "model.layers.2.mlp.gate_proj.weight"),
            ("blk.2.ffn_up.weight", "model.layers.2.mlp.up_proj.weight"),
            ("blk.2.ffn_down.weight", "model.layers.2.mlp.down_proj.weight"),
        ]
        for (gguf, hf) in cases { XCTAssertEqual(GGUFFile.huggingFaceName(for: gguf), hf, gguf) }
        for name in ["rope_freqs.weight", "blk.x.attn_q.weight", "blk.-1.attn_q.weight", "blk.01.attn_q.weight", "blk.0.attn_q"] {
            XCTAssertNil(GGUFFile.huggingFaceName(for: name), name)
        }
    }

    /// A one-layer file of `arch` whose attn_q / attn_k rows hold their own row index.
    private func labelledFile(arch: String, heads: Int = 2, kvHeads: Int = 1, headDim: Int = 4, columns: Int = 3,
                              untied: Bool = false, bias: Bool = false) throws -> GGUFFile {
        var b = GGUFBuilder()
        b.add("general.architecture", .string(arch))
        b.add("\(arch).attention.head_count", .uint32(UInt32(heads)))
        b.add("\(arch).attention.head_count_kv", .uint32(UInt32(kvHeads)))
        func rows(_ n: Int) -> [Float] { (0..<n).flatMap { r in (0..<columns).map { c in Float(r * 100 + c) } } }
        b.addF32("token_embd.weight", rows(5), ne: [UInt64(columns), 5])
        b.addF32("blk.0.attn_q.weight", rows(heads * headDim), ne: [UInt64(columns), UInt64(heads * headDim)])
        b.addF32("blk.0.attn_k.weight", rows(kvHeads * headDim), ne: [UInt64(columns), UInt64(kvHeads * headDim)])
        if bias { b.addF32("blk.0.attn_q.bias", (0..<(heads * headDim)).map(Float.init)) }
        if untied { b.addF32("output.weight", rows(5), ne: [UInt64(columns), 5]) }
        b.addF32("rope_freqs.weight", [1, 2])
        return try GGUFFile(data: Data(b.build()), name: "\(arch).gguf")
    }

    /// Row `r` of a labelled weight: r·100 + column.
    private func rowLabels(_ t: Tensor) -> [Int] {
        let columns = t.rank == 1 ? 1 : t.shape[1]
        return (0..<t.shape[0]).map { Int(t.storage.base[$0 * columns]) / (t.rank == 1 ? 1 : 100) }
    }

    func testLlamaRowsAreUnpermuted() throws {
        let (heads, kvHeads, hd) = (2, 1, 4)
        let tensors = try labelledFile(arch: "llama", heads: heads, kvHeads: kvHeads, headDim: hd, bias: true).huggingFaceTensors()
        // W_hf[h·hd + t·hd/2 + j] = W_gguf[h·hd + 2j + t]
        func expected(_ n: Int) -> [Int] {
            (0..<(n * hd)).map { row in
                let h = row / hd, t = (row % hd) / (hd / 2), j = row % (hd / 2)
                return h * hd + 2 * j + t
            }
        }
        XCTAssertEqual(expected(heads), [0, 2, 1, 3, 4, 6, 5, 7])
        XCTAssertEqual(rowLabels(try XCTUnwrap(tensors["model.layers.0.self_attn.q_proj.weight"])), expected(heads))
        XCTAssertEqual(rowLabels(try XCTUnwrap(tensors["model.layers.0.self_attn.k_proj.weight"])), expected(kvHeads))
        XCTAssertEqual(rowLabels(try XCTUnwrap(tensors["model.layers.0.self_attn.q_proj.bias"])), expected(heads))
        // Columns move with their row.
        let q = try XCTUnwrap(tensors["model.layers.0.self_attn.q_proj.weight"])
        XCTAssertEqual(q[1, 2], 202)
        XCTAssertEqual(rowLabels(try XCTUnwrap(tensors["model.embed_tokens.weight"])), [0, 1, 2, 3, 4])
        XCTAssertNil(tensors["lm_head.weight"], "tied: no output.weight, so no lm_head")
        XCTAssertEqual(tensors.count, 4, "rope_freqs.weight has no HF name")
    }

    func testQwen2IsNotPermutedAndUntiedHeadIsMapped() throws {
        let tensors = try labelledFile(arch: "qwen2", untied: true).huggingFaceTensors()
        XCTAssertEqual(rowLabels(try XCTUnwrap(tensors["model.layers.0.self_attn.q_proj.weight"])), Array(0..<8))
        XCTAssertEqual(rowLabels(try XCTUnwrap(tensors["model.layers.0.self_attn.k_proj.weight"])), Array(0..<4))
        XCTAssertEqual(try XCTUnwrap(tensors["lm_head.weight"]).shape, [5, 3])
    }

    func testUnsupportedArchitectureAndMissingHeadsThrow() throws {
        XCTAssertThrowsError(try labelledFile(arch: "gpt2").huggingFaceTensors()) { error in
            guard case FormatError.unsupportedArchitecture(_, "gpt2")? = error as? FormatError else { return XCTFail("\(error)") }
        }
        var b = GGUFBuilder()
        b.add("general.architecture", .string("llama"))
        b.addF32("blk.0.attn_q.weight", [1, 2, 3, 4])
        XCTAssertThrowsError(try GGUFFile(data: Data(b.build()), name: "x.gguf").huggingFaceTensors()) { error in
            guard case FormatError.missingMetadata(_, "llama.attention.head_count", _)? = error as? FormatError else { return XCTFail("\(error)") }
        }
        // Rows that do not split into heads of even size are a data error, not a trap.
        XCTAssertThrowsError(try labelledFile(arch: "llama", heads: 3, kvHeads: 1, headDim: 3).huggingFaceTensors()) { error in
            guard case FormatError.invalidTensor(_, "blk.0.attn_q.weight", _, _)? = error as? FormatError else { return XCTFail("\(error)") }
        }
    }
}
