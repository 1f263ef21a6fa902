// `forward` and `train_step` of decoder models, in the shapes of ../shared/bench/torch_ref.py:
//
//   forward     logits for every position (B × T × V) under no-grad; tokens/s = B·T / seconds per call
//   train_step  mean next-token cross-entropy over B·(T−1) positions + backward + AdamW(lr 1e-5, wd 0.01) +
//               zero grad; seconds per step
//
// Configs: `tiny_*` (random init of the peer's tiny Llama: vocab 4096, hidden 128, 4 layers, 4 heads / 2 KV
// heads, intermediate 344, RoPE θ 1e4, tied) and `smollm2_*` (SmolLM2-135M-Instruct from the model store;
// skipped with a note when it has not been fetched).

import Foundation
import ProRankKit

enum ModelBench {
    static let forwardName = "forward"
    static let trainName = "train_step"

    static let tinyConfig = DecoderConfig(
        family: .llama, vocabularySize: 4096, hiddenSize: 128, intermediateSize: 344, layerCount: 4, headCount: 4,
        kvHeadCount: 2, rmsNormEps: 1e-6, ropeTheta: 10_000, tieWordEmbeddings: true)

    /// (config name, model name, batch, sequence length)
    static let forwardConfigs = [("tiny_b8_t256", "tiny", 8, 256), ("smollm2_b1_t256", "smollm2", 1, 256), ("smollm2_b8_t128", "smollm2", 8, 128)]
    static let trainConfigs = [("tiny_b8_t256", "tiny", 8, 256), ("smollm2_b1_t256", "smollm2", 1, 256)]

    static func model(_ name: String) -> DecoderLM? {
        if name == "tiny" {
            var rng = SeededRNG(seed: 0)
            return try? DecoderLM(config: tinyConfig, rng: &rng)
        }
        do {
            return try Checkpoint.load("smollm2-135m-instruct")
        } catch {
            progress("smollm2 not available (\(error)); run `prorank-repl models fetch smollm2-135m-instruct`")
            return nil
        }
    }

    static func randomIDs(batch: Int, length: Int, vocabulary: Int, seed: UInt64) -> [[Int]] {
        var rng = SeededRNG(seed: seed)
        return (0..<batch).map { _ in (0..<length).map { _ in Int(rng.next() % UInt64(vocabulary)) } }
    }

    static func runForward(_ context: BenchContext) {
        var cache: [String: DecoderLM] = [:]
        for (config, name, batch, length) in forwardConfigs where context.wants(config) {
            guard let model = cache[name] ?? model(name) else { continue }
            cache[name] = model
            progress("forward \(config)")
            let ids = randomIDs(batch: batch, length: length, vocabulary: model.config.vocabularySize, seed: 1)
            let reps = name == "tiny" ? context.reps : Swift.min(context.reps, 5)
            let timed = Timing.timeReps(reps: reps, warmup: 1) {
                _ = withoutGrad { model.logits(model.forward(ids).hidden) }
            }
            let tokens = Double(batch * length)
            var line = JSONLine(impl: "prorank", bench: forwardName, config: config, metric: "tokens_per_s", unit: "tokens/s",
                                threads: context.threads, samples: timed.rates(work: tokens))
            // Parameters that take part in a matmul per token: everything but the norms and the embedding lookup
            // (a tied embedding counts once, as the head), as the peer's `linear_params`.
            let c = model.config
            let linear = Double(c.parameterCount - (c.tieWordEmbeddings ? 0 : c.vocabularySize * c.hiddenSize)
                                - (2 * c.layerCount + 1) * c.hiddenSize)
            line["gflops_linear"] = .number(2 * linear * timed.rates(work: tokens).median / 1e9)
            line["ms_per_call"] = .number(timed.secondsPerCall.median * 1e3)
            line["batch"] = .int(batch)
            line["seq"] = .int(length)
            line["calls_per_rep"] = .int(timed.callsPerRep)
            line.add(timed.load)
            line.emit()
        }
    }

    static func runTrainStep(_ context: BenchContext) {
        for (config, name, batch, length) in trainConfigs where context.wants(config) {
            guard let model = model(name) else { continue }
            progress("train_step \(config)")
            let ids = randomIDs(batch: batch, length: length, vocabulary: model.config.vocabularySize, seed: 2)
            let optimizer = AdamW(model.parameters.tensors, config: .init(learningRate: 1e-5, weightDecay: 0.01))
            var phases: [[Double]] = []
            let reps = name == "tiny" ? context.reps : Swift.min(context.reps, 3)
            let timed = Timing.timeReps(reps: reps, warmup: 1) {
                let t0 = Timing.now()
                let loss = model.loss(ids)
                let t1 = Timing.now()
                loss.backward()
                let t2 = Timing.now()
                optimizer.step()
                optimizer.zeroGrad()
                phases.append([t1 - t0, t2 - t1, Timing.now() - t2])
            }
            var line = JSONLine(impl: "prorank", bench: trainName, config: config, metric: "s_per_step", unit: "s",
                                threads: context.threads, samples: timed.secondsPerCall)
            let names = ["forward_loss", "backward", "adamw_zero_grad"]
            let timedPhases = Array(phases.dropFirst(timed.untimedCalls))
            line["phases_median_s"] = .object(names.indices.map { i in (names[i], .number(timedPhases.map { $0[i] }.median)) })
            line["tokens_per_s"] = .number(Double(batch * length) / timed.secondsPerCall.median)
            line["batch"] = .int(batch)
            line["seq"] = .int(length)
            line.add(timed.load)
            line.emit()
        }
    }
}
