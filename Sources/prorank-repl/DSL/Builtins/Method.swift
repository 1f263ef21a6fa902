// The method's analysis and helpers in notebooks (DESIGN.md §5):
//
//     let zs = zeroShot(slm, ds, split: "test", pairs: 200)            // format success, accuracy, p("0")+p("1"), AUC
//     let zs = zeroShot(slm, ds, split: "test", pairs: 200, firstStage: bm25Run, top: 20)   // + nDCG vs random/oracle
//     let tiny = tinyModel(ds, seed: 1)                                 // tokenizer trained on ds, fresh weights
//     let fused = fuse(reranked, bm25Run, k: 60)                        // reciprocal rank; fuse(a, b, weight: 0.5): linear
//     func strict(_ r: RewardContext) -> Double { r.completion == "\(r.label)" ? 1 : 0 }
//     let warm = grpo(slm, ds, split: "train", rewards: [formatReward, strict])   // TrainingBuiltins
//
// Arguments are checked here or by the kernel before any work; kernel errors come back as errors at the call.

import Foundation
import ProRankKit

enum MethodBuiltins {
    static var functions: [(String, BuiltinBody)] {
        [("zeroShot", zeroShot), ("tinyModel", tinyModel), ("fuse", fuse)]
    }

    /// The built-in rewards, as global values.
    static var constants: [(String, Value)] {
        [("formatReward", .kernel(RewardObject(.format))), ("accuracyReward", .kernel(RewardObject(.accuracy))),
         ("confidenceReward", .kernel(RewardObject(.confidence)))]
    }

    /// `zeroShot(model, ds, split: "test", pairs: 200, firstStage: run, top: 20, maxAnswerTokens: 4, maxDocumentTokens: 256,
    /// seed: 0)`.
    /// Pairs are balanced: each positive with a hard negative from the first stage (BM25's top 20 of the split when
    /// no first stage is given). With `firstStage`, the nDCG@10 of its top `top` reordered by s is compared with
    /// the first stage's, a random and the oracle order of the same candidates.
    static func zeroShot(_ interp: Interpreter, _ args: CallArguments) throws -> Value {
        let given = try args.options([nil, nil, "split", "pairs", "firstStage", "top", "maxAnswerTokens", "maxDocumentTokens", "seed"], required: 2)
        let model = try modelArgument(args, 0), dataset = try datasetArgument(args, 1)
        let split = try given["split"].map(args.string) ?? "test"
        let pairs = try given["pairs"].map(args.int) ?? 200, top = try given["top"].map(args.int) ?? 20
        let maxAnswerTokens = try given["maxAnswerTokens"].map(args.int) ?? 4, seed = try given["seed"].map(args.int) ?? 0
        guard (1...100_000).contains(pairs) else { throw args.fail("zeroShot: pairs must be between 1 and 100000, got \(pairs)") }
        guard (1...64).contains(maxAnswerTokens) else { throw args.fail("zeroShot: maxAnswerTokens must be between 1 and 64, got \(maxAnswerTokens)") }
        guard (1...1_000).contains(top) else { throw args.fail("zeroShot: top must be between 1 and 1000, got \(top)") }
        guard seed >= 0 else { throw args.fail("zeroShot: seed must not be negative, got \(seed)") }
        let given1 = try given["firstStage"].map { try runArgument(args, $0) }
        let prompt = try promptFor(model, args, maxDocumentTokens: try given["maxDocumentTokens"].map(args.int) ?? 256)
        let interrupt = interp.context.interrupt
        return try kernelCall(args) {
            let firstStage = try given1 ?? defaultFirstStage(dataset, split: split)
            let chosen = try ZeroShot.balancedPairs(dataset, split: split, firstStage: firstStage, count: pairs, seed: UInt64(seed))
            let report = try ZeroShot.analyze(model: model.model, prompt: prompt, pairs: chosen, maxAnswerTokens: maxAnswerTokens) { _, _ in !interrupt.consume() }
            let ranking = try given1.map {
                try ZeroShot.compareRankings(model: model.model, prompt: prompt, dataset: dataset, split: split, firstStage: $0,
                                             top: top, seed: UInt64(seed)) { _, _ in !interrupt.consume() }
            }
            return .kernel(ZeroShotObject(report, ranking: ranking))
        }
    }

    /// `tinyModel(ds, vocabularySize: 1024, hiddenSize: 64, layers: 2, seed: 0)`: a byte-level BPE tokenizer trained on
    /// the collection's documents and queries (with the ChatML markers), and a fresh Llama-family model for it.
    static func tinyModel(_ interp: Interpreter, _ args: CallArguments) throws -> Value {
        let given = try args.options([nil, "vocabularySize", "hiddenSize", "layers", "seed"], required: 1)
        let dataset = try datasetArgument(args, 0)
        var shape = TinyModel.Shape()
        if let i = given["vocabularySize"] { shape.vocabularySize = try args.int(i) }
        if let i = given["hiddenSize"] { shape.hiddenSize = try args.int(i) }
        if let i = given["layers"] { shape.layers = try args.int(i) }
        guard (259...65_536).contains(shape.vocabularySize) else { throw args.fail("tinyModel: vocabularySize must be between 259 and 65536, got \(shape.vocabularySize)") }
        guard (8...1_024).contains(shape.hiddenSize), shape.hiddenSize % 8 == 0 else {
            throw args.fail("tinyModel: hiddenSize must be a multiple of 8 between 8 and 1024, got \(shape.hiddenSize)")
        }
        guard (1...24).contains(shape.layers) else { throw args.fail("tinyModel: layers must be between 1 and 24, got \(shape.layers)") }
        shape.intermediateSize = shape.hiddenSize * 11 / 4
        let seed = try given["seed"].map(args.int) ?? 0
        guard seed >= 0 else { throw args.fail("tinyModel: seed must not be negative, got \(seed)") }
        let texts = dataset.corpus.map(\.content) + dataset.allQueries.map(\.text)
        return try kernelCall(args) {
            let (model, tokenizer) = try TinyModel.build(texts: texts, shape: shape, seed: UInt64(seed))
            return .kernel(ModelObject(model, name: "tiny-\(dataset.name)", tokenizer: tokenizer))
        }
    }

    /// `fuse(a, b, k: 60)` (reciprocal rank, the default) or `fuse(a, b, weight: 0.5)` (linear on min-max
    /// normalised scores, weight on a).
    static func fuse(_ interp: Interpreter, _ args: CallArguments) throws -> Value {
        let given = try args.options([nil, nil, "k", "weight"], required: 2)
        let a = try runArgument(args, 0), b = try runArgument(args, 1)
        if given["k"] != nil, given["weight"] != nil {
            throw args.fail("fuse: give k (reciprocal-rank fusion) or weight (linear fusion), not both")
        }
        let method: RunFusion = try given["weight"].map { .linear(weight: try args.double($0)) }
            ?? .reciprocalRank(k: try given["k"].map(args.double) ?? 60)
        return try kernelCall(args) { .kernel(RunObject(try ProRankKit.fuse(a, b, method: method))) }
    }

    // MARK: shared argument helpers

    static func modelArgument(_ args: CallArguments, _ i: Int) throws -> ModelObject {
        guard case .kernel(let model as ModelObject) = args[i] else {
            throw args.fail("\(args.name): argument \(i + 1) must be a model (loadModel(…), tinyModel(…) or a result's .model), not '\(args[i].typeName)'")
        }
        return model
    }

    static func datasetArgument(_ args: CallArguments, _ i: Int) throws -> Dataset {
        guard case .kernel(let dataset as DatasetObject) = args[i] else {
            throw args.fail("\(args.name): argument \(i + 1) must be a collection (beir(…) or synthetic(…)), not '\(args[i].typeName)'")
        }
        return dataset.dataset
    }

    static func runArgument(_ args: CallArguments, _ i: Int) throws -> Run {
        guard case .kernel(let run as RunObject) = args[i] else {
            throw args.fail("\(args.name): argument \(i + 1) must be a run (index.search(…), rerank(…), loadRun(…)), not '\(args[i].typeName)'")
        }
        return run.run
    }

    /// The ProRank prompt for a model's own tokenizer.
    static func promptFor(_ model: ModelObject, _ args: CallArguments, maxDocumentTokens: Int = 256) throws -> RerankPrompt {
        guard (1...100_000).contains(maxDocumentTokens) else {
            throw args.fail("\(args.name): maxDocumentTokens must be between 1 and 100000, got \(maxDocumentTokens)")
        }
        return try kernelCall(args) { try RerankPrompt(tokenizer: model.tokenizer(args), maxDocumentTokens: maxDocumentTokens) }
    }

    /// BM25 (default analyzer) over the corpus, top 20 of the split's queries: where hard negatives come from.
    static func defaultFirstStage(_ dataset: Dataset, split: String) throws -> Run {
        BM25Index(documents: dataset.corpus).search(try dataset.queries(split), top: 20)
    }

    /// Runs a kernel call, turning its errors into errors at the call (`name: message`); "interrupted" for Ctrl-C.
    static func kernelCall<T>(_ args: CallArguments, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as RuntimeError {
            throw error
        } catch RerankError.cancelled {
            throw args.fail("interrupted")
        } catch TrainingError.cancelled(let steps) {
            throw args.fail("interrupted after \(steps) steps (the last checkpoint is kept)")
        } catch {
            throw args.fail("\(args.name): \(error)")
        }
    }
}
