// The decoder on small random models: cache, shared prefixes, padding, head-row logits, gradients, names.
// (Parity with transformers is in ModelFixtureTests.)

import XCTest
@testable import ProRankKit

final class DecoderLMTests: XCTestCase {
    private func tinyModel(_ family: DecoderConfig.Family, seed: UInt64 = 3, tied: Bool = true) throws -> DecoderLM {
        var config = DecoderConfig(family: family, vocabularySize: 37, hiddenSize: 16, intermediateSize: 24, layerCount: 2,
                                   headCount: 4, kvHeadCount: 2, rmsNormEps: 1e-5, ropeTheta: 10_000, tieWordEmbeddings: tied,
                                   initializerRange: 0.3)
        config.outputBias = false
        var rng = SeededRNG(seed: seed)
        let model = try DecoderLM(config: config, rng: &rng)
        // Non-trivial norms and biases, so that every parameter matters in the checks below.
        for (name, t) in model.parameters.named where name.hasSuffix("norm.weight") || name.hasSuffix(".bias") {
            for i in 0..<t.count { t.storage.base[i] = (name.hasSuffix("bias") ? 0 : 1) + 0.2 * Float(rng.normal()) }
        }
        return model
    }

    private let ids = [3, 17, 5, 36, 0, 12, 12, 9, 30]

    func testCachedStepsEqualTheFullPass() throws {
        for family in DecoderConfig.Family.allCases {
            let model = try tinyModel(family)
            withoutGrad {
                let full = model.logits(model.forward([ids]).hidden)                      // [1, T, V]
                var out = model.forward([Array(ids.prefix(4))], keepCache: true)
                for (offset, token) in ids.dropFirst(4).enumerated() {
                    out = model.forward([[token]], cache: out.cache, keepCache: true)
                    XCTAssertEqual(out.cache?.length, 5 + offset)
                    assertClose(model.logits(out.hidden).reshaped([-1]), full.indexSelect(axis: 1, [4 + offset]).reshaped([-1]), tolerance: 1e-5)
                }
            }
        }
    }

    func testSharedPrefixServesSeveralContinuations() throws {
        let model = try tinyModel(.qwen2)
        let prompt = Array(ids.prefix(6)), continuations = [[4, 8], [21, 2]]
        let prefix = model.forward([prompt], keepCache: true).cache!
        let shared = model.forward(continuations, cache: prefix)                           // cache batch 1, 2 rows
        let forked = model.forward(continuations, cache: prefix.repeated(2))
        for (row, continuation) in continuations.enumerated() {
            let alone = model.forward([prompt + continuation]).hidden.sliced(axis: 1, 6..<8)
            assertClose(shared.hidden.sliced(axis: 0, row..<(row + 1)), alone, tolerance: 1e-5)
            assertClose(forked.hidden.sliced(axis: 0, row..<(row + 1)), alone, tolerance: 1e-5)
        }
    }

    func testLeftPaddingGivesTheUnpaddedLogits() throws {
        let model = try tinyModel(.llama)
        let short = Array(ids.prefix(5)), pad = ids.count - short.count
        let batch = model.forward([Array(repeating: 2, count: pad) + short, ids], leftPadding: [pad, 0]).hidden
        let last = model.logits(batch, positions: [ids.count - 1])
        assertClose(last.sliced(axis: 0, 0..<1).reshaped([-1]), model.logits(model.forward([short]).hidden, positions: [4]).reshaped([-1]), tolerance: 1e-4)
        assertClose(last.sliced(axis: 0, 1..<2).reshaped([-1]), model.logits(model.forward([ids]).hidden, positions: [ids.count - 1]).reshaped([-1]), tolerance: 1e-6)
    }

    func testVocabularyRowLogitsEqualFullLogitColumns() throws {
        for tied in [true, false] {
            let model = try tinyModel(.llama, tied: tied)
            let hidden = model.forward([ids, ids.reversed()]).hidden
            let full = model.logits(hidden, positions: [ids.count - 1])               // [2, 1, V]
            let two = model.logits(hidden, position: ids.count - 1, vocabularyRows: [19, 18])
            XCTAssertEqual(two.shape, [2, 2])
            for row in 0..<2 {
                XCTAssertEqual(two[row, 0], full[row, 0, 19], accuracy: 1e-5)
                XCTAssertEqual(two[row, 1], full[row, 0, 18], accuracy: 1e-5)
            }
        }
    }

    func testLossGradientsMatchFiniteDifferences() throws {
        for family in DecoderConfig.Family.allCases {
            let model = try tinyModel(family, seed: 11, tied: family == .llama)
            let report = GradCheck.check(model.parameters.tensors) { _ in model.loss(Array(self.ids.prefix(6))) }
            XCTAssertTrue(report.passed, "\(family): \(report)")
        }
    }

    func testParametersUseHuggingFaceNamesInOrder() throws {
        let qwen = try tinyModel(.qwen2, tied: false)
        XCTAssertEqual(Array(qwen.parameters.names.prefix(13)), [
            "model.embed_tokens.weight",
            "model.layers.0.self_attn.q_proj.weight", "model.layers.0.self_attn.q_proj.bias",
            "model.layers.0.self_attn.k_proj.weight", "model.layers.0.self_attn.k_proj.bias",
            "model.layers.0.self_attn.v_proj.weight", "model.layers.0.self_attn.v_proj.bias",
            "model.layers.0.self_attn.o_proj.weight",
            "model.layers.0.mlp.gate_proj.weight", "model.layers.0.mlp.up_proj.weight", "model.layers.0.mlp.down_proj.weight",
            "model.layers.0.input_layernorm.weight", "model.layers.0.post_attention_layernorm.weight",
        ])
        XCTAssertEqual(qwen.parameters.names.suffix(2), ["model.norm.weight", "lm_head.weight"])
        XCTAssertEqual(qwen.parameters.scalarCount, qwen.config.parameterCount)
        let llama = try tinyModel(.llama)
        XCTAssertFalse(llama.parameters.names.contains { $0.contains("bias") || $0 == "lm_head.weight" })
        XCTAssertEqual(llama.parameters.scalarCount, llama.config.parameterCount)
    }

    func testGreedyGenerationEqualsArgmaxWithoutCache() throws {
        let model = try tinyModel(.qwen2)
        var sampler = Sampler.greedy
        let generated = model.generate(prompt: Array(ids.prefix(3)), maxNewTokens: 6, sampler: &sampler)
        var sequence = Array(ids.prefix(3))
        for _ in 0..<6 {
            let row = withoutGrad { model.logits(model.forward([sequence]).hidden, positions: [sequence.count - 1]) }.scalars
            sequence.append(row.indices.max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) }!)
        }
        XCTAssertEqual(generated, Array(sequence.dropFirst(3)))
        let stopAt = generated.indices.last { !generated[..<$0].contains(generated[$0]) }!
        var stopping = Sampler.greedy
        let stopped = model.generate(prompt: Array(ids.prefix(3)), maxNewTokens: 6, sampler: &stopping, stopTokens: [generated[stopAt]])
        XCTAssertEqual(stopped, Array(generated.prefix(stopAt + 1)), "stops after (and includes) the first stop token")
        var asked = Sampler.greedy
        var seen: [[Int]] = []
        let cut = model.generate(prompt: Array(ids.prefix(3)), maxNewTokens: 6, sampler: &asked) { tokens in
            seen.append(tokens)
            return tokens.count < 2
        }
        XCTAssertEqual(cut, Array(generated.prefix(2)), "shouldContinue answering false stops after that token")
        XCTAssertEqual(seen, [Array(generated.prefix(1)), Array(generated.prefix(2))])
    }
}
