// `grpo_step`: one GRPO optimisation step of the real trainer (`GRPOTrainer.step()`), the work of
// ../shared/bench/torch_ref.py `bench_grpo` (configs `tiny_manual` / `tiny_trl` and `smollm2_manual`) on one thread.
//
//   tiny     the peer kit's tiny Llama (random init, vocab 4096, hidden 128, 4 layers, 4 heads / 2 KV heads,
//            intermediate 344, tied, 1024 positions; EOS 1, pad 0), 64 prompts of 256 random ids in [3, 4096)
//            (our generator; the peer draws its own), 2 prompts × G 8 per step; reward 1.0 when the first completion
//            id is even; decode = the ids as text (no tokenizer).
//   smollm2  SmolLM2-135M-Instruct from the model store, 1 prompt × G 8: pair 0 of ../shared/bench/rerank_pairs.tsv
//            built with RerankPrompt (documents cut to 256 tokens, as RerankBench), EOS <|im_end|>; rewards on the
//            first completion token as the peer defines them: format = [first ∈ {"0", "1"}], accuracy =
//            [first = the qrels label's token].
//
// Both: ≤ 2 new tokens, temperature 1 (top-k 0, top-p 1), β 0.04, ε 0.2, loss `grpo`, μ 1, AdamW lr 1e-6 wd 0,
// clip 1.0, float32, `balanced: false`, all parameters trainable. Timed: `trainer.step()` (sampling, rewards,
// reference log-probs, policy forward + backward, clip, AdamW, zero grad). Metric: seconds per step.
//
// The trainer does not time its own phases, so after the timed steps the bench runs a few extra steps by hand from
// the same public calls the trainer makes (DecoderLM.sampleGroup, TrainingPolicy.completionLogProbabilities,
// GRPOObjective.loss, clipGradNorm, AdamW) and reports their medians as `phases_median_s` (named like the peer's:
// generate_reward_adv, ref_forward, policy_fwd_bwd, clip_adamw). They are a profile, not part of the timed value.

import Foundation
import ProRankKit

enum GRPOBench {
    static let name = "grpo_step"
    static let group = 8
    static let maxNewTokens = 2
    static let tinyPrompts = 64
    static let tinyPromptLength = 256
    static let tinyConfig = DecoderConfig(
        family: .llama, vocabularySize: 4096, hiddenSize: 128, intermediateSize: 344, layerCount: 4, headCount: 4,
        kvHeadCount: 2, rmsNormEps: 1e-6, ropeTheta: 10_000, tieWordEmbeddings: true, maxPositionEmbeddings: 1024,
        bosTokenID: 2, eosTokenIDs: [1], padTokenID: 0)

    static func run(_ context: BenchContext) {
        if context.wants("tiny") { runTiny(context) }
        if context.wants("smollm2") { runSmolLM2(context) }
    }

    /// The parameters both configs share (the peer's G, MAX_NEW, BETA, EPS, lr, clip).
    static func parameters(promptsPerStep: Int) -> GRPOParameters {
        var p = GRPOParameters()
        p.steps = 1_000_000
        p.groupSize = group
        p.promptsPerStep = promptsPerStep
        p.learningRate = 1e-6
        p.weightDecay = 0
        p.maxGradNorm = 1
        p.temperature = 1
        p.topK = 0
        p.topP = 1
        p.maxNewTokens = maxNewTokens
        p.objective = GRPOObjective(lossType: .grpo, beta: 0.04, epsilonLow: 0.2, epsilonHigh: 0.2)
        p.scaleRewards = .group
        p.iterations = 1
        p.balanced = false
        p.dynamicSampling = false
        p.trainable = .all
        p.seed = 0
        return p
    }

    static func runTiny(_ context: BenchContext) {
        let config = "tiny"
        var rng = SeededRNG(seed: 0)
        guard let model = try? DecoderLM(config: tinyConfig, rng: &rng) else { progress("grpo_step tiny: cannot build the model"); return }
        var ids = SeededRNG(seed: 2)
        let examples = (0..<tinyPrompts).map { i in
            GRPOExample(promptIDs: (0..<tinyPromptLength).map { _ in 3 + Int(ids.next() % 4093) }, label: 0, name: "prompt \(i)")
        }
        let reader = CompletionReader(stopTokens: [1], zeroID: 3, oneID: 4) { $0.map(String.init).joined(separator: " ") }
        let parity = Reward(name: "parity") { ($0.completionIDs.first.map { $0 % 2 == 0 } ?? false) ? 1 : 0 }
        let trainer: GRPOTrainer
        do {
            trainer = try GRPOTrainer(model: model, examples: examples, reader: reader, rewards: [parity],
                                      parameters: parameters(promptsPerStep: 2))
        } catch {
            progress("grpo_step tiny: \(error)")
            return
        }
        progress("grpo_step \(config): 2 prompts × \(group), \(tinyPromptLength) prompt tokens, ≤ \(maxNewTokens) new tokens")
        measure(context, config: config, trainer: trainer, reps: context.reps, warmup: 1, rewards: [parity]) { line in
            line["prompts_per_step"] = .int(2)
            line["prompt_tokens"] = .int(tinyPromptLength)
            line["vocab"] = .int(tinyConfig.vocabularySize)
        }
    }

    static func runSmolLM2(_ context: BenchContext) {
        let config = "smollm2"
        guard let (model, prompt, dataset, pairs) = SmolLM2Inputs.load("grpo_step smollm2") else { return }
        let (queryID, documentID) = (pairs[0][1], pairs[0][2])
        guard let query = dataset.allQueries.first(where: { $0.id == queryID }),
              let document = dataset.corpus.first(where: { $0.id == documentID }) else {
            progress("grpo_step smollm2: pair 0 names a query or document SciFact lacks (skipped)")
            return
        }
        let label = ((try? dataset.judgements("test"))?.judgments[queryID]?[documentID] ?? 0) > 0 ? 1 : 0
        let ids = prompt.ids(query: query.text, document: document.content)
        let reader = CompletionReader(prompt: prompt, model: model)
        let (zero, one) = (prompt.zeroID, prompt.oneID)
        // The peer's rewards: on the first completion token only.
        let format = Reward(name: "format") { c in c.completionIDs.first.map { $0 == zero || $0 == one } ?? false ? 1 : 0 }
        let accuracy = Reward(name: "accuracy") { c in c.completionIDs.first == (c.label == 1 ? one : zero) ? 1 : 0 }
        let trainer: GRPOTrainer
        do {
            trainer = try GRPOTrainer(model: model, examples: [GRPOExample(promptIDs: ids, label: label, query: query.text,
                                                                           document: document.content, name: "pair 0")],
                                      reader: reader, rewards: [format, accuracy], parameters: parameters(promptsPerStep: 1))
        } catch {
            progress("grpo_step smollm2: \(error)")
            return
        }
        progress("grpo_step \(config): 1 prompt × \(group), \(ids.count) prompt tokens, label \(label), stop tokens \(reader.stopTokens.sorted())")
        // As the peer: reps = min(R, 3), no extra warm-up (the calibration step is untimed).
        measure(context, config: config, trainer: trainer, reps: Swift.min(context.reps, 3), warmup: 0,
                rewards: [format, accuracy]) { line in
            line["prompts_per_step"] = .int(1)
            line["prompt_tokens"] = .int(ids.count)
            line["pair"] = .array([.string(queryID), .string(documentID)])
            line["label"] = .int(label)
            line["stop_tokens"] = .array(reader.stopTokens.sorted().map { .int($0) })
        }
    }

    /// Times `trainer.step()`, profiles the phases by hand, emits the line.
    static func measure(_ context: BenchContext, config: String, trainer: GRPOTrainer, reps: Int, warmup: Int,
                        rewards: [Reward], extra: (inout JSONLine) -> Void) {
        var metrics: [[String: Double]] = []
        var failure: Error?
        let timed = Timing.timeReps(reps: reps, warmup: warmup) {
            guard failure == nil else { return }
            do { metrics.append(try trainer.step()) } catch { failure = error }
        }
        if let failure {
            progress("grpo_step \(config): step failed: \(failure)")
            return
        }
        let phases = profile(trainer: trainer, rewards: rewards, steps: reps)
        var line = JSONLine(impl: "prorank", bench: name, config: config, metric: "s_per_step", unit: "s",
                            threads: context.threads, samples: timed.secondsPerCall)
        extra(&line)
        line["group"] = .int(group)
        line["max_completion_tokens"] = .int(maxNewTokens)
        line["beta"] = .number(0.04)
        line["epsilon"] = .number(0.2)
        line["loss_type"] = .string("grpo")
        line["temperature"] = .number(1)
        line["optimizer"] = .string("AdamW(lr=1e-6, wd=0), clip 1.0, all parameters")
        line["calls_per_rep"] = .int(timed.callsPerRep)
        line["steps_run"] = .int(metrics.count)
        func mean(_ key: String) -> JSONValue {
            let xs = metrics.compactMap { $0[key] }
            return xs.isEmpty ? .null : .number(xs.reduce(0, +) / Double(xs.count))
        }
        line["mean_reward"] = mean("reward")
        line["mean_completion_tokens"] = mean("completion_length")
        if !phases.isEmpty {
            line["phases_median_s"] = .object(phaseNames.indices.map { i in (phaseNames[i], .number(phases.map { $0[i] }.median)) })
            line["phases_note"] = .string("profile of \(phases.count) extra steps replayed by hand from the trainer's public calls (not the timed steps)")
        }
        line.add(timed.load)
        line["note"] = .string("GRPOTrainer.step(): shared-prompt sampling (KV cache) and log-probs, reference log-probs, policy forward+backward, clip, AdamW")
        line.emit()
    }

    static let phaseNames = ["generate_reward_adv", "ref_forward", "policy_fwd_bwd", "clip_adamw"]

    /// `steps` extra steps made of the trainer's own public calls, timed per phase (the trainer's model and optimiser
    /// move on; this runs after the timed steps). Rewards are evaluated on the completion ids as in the trainer.
    static func profile(trainer: GRPOTrainer, rewards: [Reward], steps: Int) -> [[Double]] {
        let p = trainer.parameters, g = p.groupSize, policy = trainer.policy
        let padID = policy.model.config.padTokenID ?? policy.model.config.eosTokenIDs.first ?? 0
        var sampler = Sampler(temperature: p.temperature, topK: p.topK, topP: p.topP, seed: 12345)
        var out: [[Double]] = []
        for s in 0..<steps {
            let t0 = Timing.now()
            var groups: [(prompt: [Int], completions: [[Int]])] = []
            var rewardRows: [[Double]] = []
            for k in 0..<p.promptsPerStep {
                let example = trainer.examples[(s * p.promptsPerStep + k) % trainer.examples.count]
                let sampled = policy.model.sampleGroup(prompt: example.promptIDs, count: g, maxNewTokens: p.maxNewTokens,
                                                       sampler: &sampler, stopTokens: trainer.reader.stopTokens)
                for c in sampled.completions {
                    let context = RewardContext(completion: (try? trainer.reader.decode(c)) ?? "", completionIDs: c,
                                                label: example.label, query: example.query, document: example.document,
                                                probabilityZero: 0, probabilityOne: 0)
                    rewardRows.append(rewards.map { (try? $0.function(context)) ?? 0 })
                }
                groups.append((example.promptIDs, sampled.completions))
            }
            let advantages = GRPOAdvantages(rewardsPerFunction: rewardRows, weights: rewards.map(\.weight), groupSize: g,
                                            scaling: p.scaleRewards)
            let masks = groups.map { group -> [[Bool]] in
                let length = group.completions.map(\.count).max()!
                return group.completions.map { c in (0..<length).map { $0 < c.count } }
            }
            let batchTokens = masks.reduce(0) { $0 + $1.reduce(0) { $0 + $1.filter { $0 }.count } }
            let t1 = Timing.now()
            let reference = withoutGrad {
                groups.map { group -> [[Float]] in
                    let t = policy.completionLogProbabilities(prompt: group.prompt, completions: group.completions,
                                                              temperature: p.temperature, padID: padID, useReference: true)
                    let (rows, columns) = (t.shape[0], t.shape[1]), values = t.scalars
                    return (0..<rows).map { Array(values[($0 * columns)..<(($0 + 1) * columns)]) }
                }
            }
            let t2 = Timing.now()
            trainer.optimizer.zeroGrad()
            for (k, group) in groups.enumerated() {
                let logp = policy.completionLogProbabilities(prompt: group.prompt, completions: group.completions,
                                                             temperature: p.temperature, padID: padID)
                let (part, _) = p.objective.loss(logProbabilities: logp, old: nil, reference: reference[k], mask: masks[k],
                                                 advantages: Array(advantages.advantages[(k * g)..<((k + 1) * g)]),
                                                 maxCompletionLength: p.maxNewTokens, batchCompletions: groups.count * g,
                                                 batchTokens: batchTokens)
                part.backward()
            }
            let t3 = Timing.now()
            _ = clipGradNorm(policy.parameters.tensors, maxNorm: p.maxGradNorm)
            trainer.optimizer.step()
            trainer.optimizer.zeroGrad()
            out.append([t1 - t0, t2 - t1, t3 - t2, Timing.now() - t3])
        }
        return out
    }
}
