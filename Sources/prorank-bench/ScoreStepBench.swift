// `score_step`: one step of stage-2 score learning (`ScoreLearningTrainer.step()`) on SmolLM2-135M-Instruct, the
// work of Benchmarks/peers/score_step.py on one thread.
//
// Config `smollm2_l2x8_last6`: 2 lists × 8 candidates (1 positive + 7 negatives) per step, the last 6 of 30 layers
// and the final norm trainable (`Trainable.lastLayers(6)`: the trunk runs without the tape), score
// s = z["1"] − z["0"] at each prompt's last position (two head rows), each list one left-padded batch (padded to
// its longest prompt), listwise softmax cross-entropy of the positive, clip 1.0, AdamW lr 1e-4 wd 0, float32.
//
// Inputs (the same on both sides, from ../shared/bench/rerank_pairs.tsv and SciFact's test qrels): the first two
// queries of rerank_pairs.tsv (file order) that have exactly one relevant document in qrels/test.tsv and at least
// 7 non-relevant documents among their pairs; each list = that positive + the first 7 non-relevant documents by
// bm25_rank. Prompts: RerankPrompt (mxbai-rerank-v2 template, documents cut to 256 tokens). The lists are built with
// TrainingSamples.lists (a first-stage run holding exactly those 7 documents, 7 hard negatives, no random ones), so
// the trainer gets the `TrainingList`s it is made for; the order of the negatives inside a list is the sampler's
// (the shapes and the loss do not depend on it).
//
// Timed: `trainer.step()` (its prompts are tokenized inside the step: included on our side, not on the peer's).
// Metric: seconds per step. `phases_median_s`: a profile of extra steps replayed from the trainer's public calls.
// The trainer's frozen-trunk cache is off (`trunkCacheBytes = 0`) in this config, so the trunk runs every step as
// the peer's does; config `smollm2_l2x8_last6_trunkcache` is the same step with the cache on and warm (the same
// lists every step: what a later epoch costs), for information only — the peer recomputes its trunk.

import Foundation
import ProRankKit

enum ScoreStepBench {
    static let name = "score_step"
    static let config = "smollm2_l2x8_last6"
    static let negatives = 7
    static let lists = 2

    /// The two lists' (query id, [positive, negatives…]) by the rule above; shared with the peer.
    static func chooseLists(pairs: [[String]], qrels: Qrels) -> [(query: String, documents: [String])] {
        var order: [String] = []
        var byQuery: [String: [(rank: Int, doc: String)]] = [:]
        for row in pairs where row.count >= 4 {
            if byQuery[row[1]] == nil { order.append(row[1]) }
            byQuery[row[1], default: []].append((Int(row[3]) ?? 0, row[2]))
        }
        var out: [(String, [String])] = []
        for q in order {
            let relevant = (qrels.judgments[q] ?? [:]).filter { $0.value > 0 }.map(\.key)
            guard relevant.count == 1 else { continue }
            let negatives = byQuery[q]!.sorted { $0.rank < $1.rank }.map(\.doc).filter { !relevant.contains($0) }
            guard negatives.count >= Self.negatives else { continue }
            out.append((q, [relevant[0]] + negatives.prefix(Self.negatives)))
            if out.count == lists { break }
        }
        return out
    }

    static func run(_ context: BenchContext) {
        guard context.wants(config) || context.wants(config + "_trunkcache") else { return }
        guard let (model, prompt, dataset, pairs) = SmolLM2Inputs.load("score_step") else { return }
        guard let qrels = try? dataset.judgements("test") else { progress("score_step: SciFact has no test qrels (skipped)"); return }
        let chosen = chooseLists(pairs: pairs, qrels: qrels)
        guard chosen.count == lists else { progress("score_step: found \(chosen.count) usable queries in rerank_pairs.tsv, need \(lists)"); return }
        // A first stage that ranks exactly the 7 chosen negatives of each chosen query.
        let run = Run(Dictionary(uniqueKeysWithValues: chosen.map { c in
            (c.query, c.documents.dropFirst().enumerated().map { ScoredDocument(id: $0.element, score: Double(100 - $0.offset)) })
        }))
        var listParameters = TrainingSamples.ListParameters(negatives: negatives, hard: negatives)
        listParameters.hardDepth = negatives
        listParameters.listsPerQuery = 1
        listParameters.shuffle = false
        let trainingLists: [TrainingList]
        do {
            let wanted = Set(chosen.map(\.query))
            // Only the chosen queries: the other test queries would draw random negatives we do not use.
            let subset = Dataset(name: dataset.name, corpus: dataset.corpus,
                                 queries: dataset.allQueries.filter { wanted.contains($0.id) },
                                 qrels: ["test": Qrels(qrels.judgments.filter { wanted.contains($0.key) })])
            let built = try TrainingSamples.lists(subset, split: "test", firstStage: run, parameters: listParameters, seed: 0)
            trainingLists = chosen.compactMap { c in built.first { $0.query.id == c.query } }
        } catch {
            progress("score_step: \(error)")
            return
        }
        for (list, c) in zip(trainingLists, chosen) where Set(list.documents.map(\.id)) != Set(c.documents) || list.documents[0].id != c.documents[0] {
            progress("score_step: the list of query \(c.query) is not the chosen one (\(list.documents.map(\.id)) vs \(c.documents)): skipped")
            return
        }
        guard trainingLists.count == lists else { progress("score_step: built \(trainingLists.count) lists, need \(lists)"); return }
        let promptIDs = trainingLists.map { list in list.documents.map { prompt.ids(query: list.query.text, document: $0.content) } }
        for (name, cacheBytes) in [(config, 0), (config + "_trunkcache", 1 << 30)] where context.wants(name) {
            measure(context, config: name, model: model, prompt: prompt, lists: trainingLists, chosen: chosen,
                    promptIDs: promptIDs, trunkCacheBytes: cacheBytes)
        }
    }

    /// Times `trainer.step()` of one config and emits its line. `trunkCacheBytes` 0: the trunk runs every step (the
    /// peer's work); > 0: the trainer's frozen-trunk cache, warm after the warm-up step since the same two lists
    /// come back every step (what later epochs cost; the peer has no such cache, so it is not the same work).
    static func measure(_ context: BenchContext, config: String, model: DecoderLM, prompt: RerankPrompt,
                        lists trainingLists: [TrainingList], chosen: [(query: String, documents: [String])],
                        promptIDs: [[[Int]]], trunkCacheBytes: Int) {
        var parameters = ScoreLearningParameters()
        parameters.trunkCacheBytes = trunkCacheBytes
        parameters.steps = 1_000_000
        parameters.listsPerStep = lists
        parameters.loss = .listwise
        parameters.learningRate = 1e-4
        parameters.weightDecay = 0
        parameters.maxGradNorm = 1
        parameters.trainable = .lastLayers(6)
        parameters.seed = 0
        let trainer: ScoreLearningTrainer
        do {
            trainer = try ScoreLearningTrainer(model: model, prompt: prompt, lists: trainingLists, parameters: parameters)
        } catch {
            progress("score_step: \(error)")
            return
        }
        let lengths = promptIDs.map { $0.map(\.count) }
        progress("score_step \(config): lists \(chosen.map(\.query)), prompt tokens \(lengths)")
        var metrics: [[String: Double]] = []
        var failure: Error?
        let reps = Swift.min(context.reps, 3)
        let timed = Timing.timeReps(reps: reps, warmup: 1) {
            guard failure == nil else { return }
            do { metrics.append(try trainer.step()) } catch { failure = error }
        }
        if let failure {
            progress("score_step: step failed: \(failure)")
            return
        }
        let phases = trunkCacheBytes == 0 ? profile(trainer: trainer, promptIDs: promptIDs, steps: 2) : []
        var line = JSONLine(impl: "prorank", bench: name, config: config, metric: "s_per_step", unit: "s",
                            threads: context.threads, samples: timed.secondsPerCall)
        line["lists"] = .int(lists)
        line["candidates_per_list"] = .int(negatives + 1)
        line["queries"] = .array(chosen.map { .string($0.query) })
        line["documents"] = .array(chosen.map { .array($0.documents.map { .string($0) }) })
        line["prompt_tokens"] = .array(lengths.map { .array($0.map { .int($0) }) })
        line["padded_tokens_per_step"] = .int(lengths.reduce(0) { $0 + $1.max()! * $1.count })
        line["trainable"] = .string("lastLayers(6) + final norm")
        line["loss"] = .string("listwise")
        line["optimizer"] = .string("AdamW(lr=1e-4, wd=0), clip 1.0")
        line["dtype"] = .string("float32")
        line["trunk_cache"] = .bool(trainer.trunkCache != nil)
        line["calls_per_rep"] = .int(timed.callsPerRep)
        let losses = metrics.compactMap { $0["loss"] }
        if let first = losses.first { line["loss_first_step"] = .number(first) }
        if !phases.isEmpty {
            line["phases_median_s"] = .object(phaseNames.indices.map { i in (phaseNames[i], .number(phases.map { $0[i] }.median)) })
            line["phases_note"] = .string("profile of \(phases.count) extra steps replayed from the trainer's public calls (not the timed steps)")
        }
        line.add(timed.load)
        line["note"] = .string(trunkCacheBytes == 0
            ? "ScoreLearningTrainer.step() with trunkCacheBytes 0 (the trunk runs every step; prompt tokenization inside the step), trunk without the tape, two head rows"
            : "ScoreLearningTrainer.step() with the frozen-trunk cache warm (the same lists every step): the top 6 layers only; not the peer's work")
        line.emit()
    }

    static let phaseNames = ["trunk_no_grad", "top_forward_loss", "backward", "clip_adamw"]

    /// Extra steps from the trainer's public calls, timed per phase (prompts tokenized beforehand).
    static func profile(trainer: ScoreLearningTrainer, promptIDs: [[[Int]]], steps: Int) -> [[Double]] {
        let policy = trainer.policy, model = trainer.model, prompt = trainer.prompt
        let padID = model.config.padTokenID ?? prompt.tokenizer.padID ?? prompt.tokenizer.eosID ?? 0
        var out: [[Double]] = []
        for _ in 0..<steps {
            trainer.optimizer.zeroGrad()
            let t0 = Timing.now()
            let batches = promptIDs.map { prompts -> (hidden: Tensor, mask: [Int]?, width: Int) in
                let width = prompts.map(\.count).max()!
                let padding = prompts.map { width - $0.count }
                let rows = zip(prompts, padding).map { Array(repeating: padID, count: $1) + $0 }
                let mask = padding.contains { $0 > 0 } ? padding : nil
                return (policy.trunk(rows, leftPadding: mask).hidden, mask, width)
            }
            let t1 = Timing.now()
            let scores = Tensor.concat(batches.map { b in
                let hidden = policy.top(b.hidden, leftPadding: b.mask).hidden
                return model.logits(hidden, position: b.width - 1, vocabularyRows: [prompt.oneID, prompt.zeroID]).relevanceScores(one: 0, zero: 1)
            }, axis: 0)
            let sizes = promptIDs.map(\.count)
            let loss = ScoreLoss.listwise.loss(scores: scores, listSizes: sizes, targets: sizes.flatMap { n in (0..<n).map { $0 == 0 ? 1.0 : 0.0 } })
            _ = loss.item
            let t2 = Timing.now()
            loss.backward()
            let t3 = Timing.now()
            _ = clipGradNorm(policy.parameters.tensors, maxNorm: 1)
            trainer.optimizer.step()
            trainer.optimizer.zeroGrad()
            out.append([t1 - t0, t2 - t1, t3 - t2, Timing.now() - t3])
        }
        return out
    }
}
