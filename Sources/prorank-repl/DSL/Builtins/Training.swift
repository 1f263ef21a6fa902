// The method's trainers in notebooks (DESIGN.md §5). Each returns a TrainingResult (`.model`, `.log`, `.runID`),
// records a run in the store (params, per-step metrics, checkpoints), and stops between steps at Ctrl-C. Labels
// are optional and go in the order shown (Swift's rule for defaulted parameters):
//
//     let warm = grpo(slm, ds, split: "train", groupSize: 8, promptsPerStep: 4, steps: 100, learningRate: 1e-6,
//                     beta: 0.04, temperature: 1.0, maxNewTokens: 4, rewards: [formatReward, accuracyReward],
//                     trainable: .lastLayers(6), seed: 0)
//     let fine = scoreLearning(warm.model, ds, split: "train", loss: .listwise, negatives: 7, steps: 200)
//     let base = sft(slm, ds, split: "train", steps: 100)
//     let lm = pretrain(tinyModel(ds), ds, steps: 200)
//     print(warm.log["reward"])
//
// Checkpoints (`checkpointEvery: 10`) go to `<output>/checkpoints/<name>`; `resume: true` continues from there.

import Foundation
import ProRankKit

enum TrainingBuiltins {
    static var functions: [(String, BuiltinBody)] {
        [("grpo", grpo), ("scoreLearning", scoreLearning), ("sft", sft), ("pretrain", pretrain)]
    }

    /// Labels every trainer takes last, in this order.
    static let sessionLabels: [String?] = ["seed", "name", "checkpointEvery", "resume"]

    static func grpo(_ interp: Interpreter, _ args: CallArguments) throws -> Value {
        let given = try args.options([nil, nil, "split", "groupSize", "promptsPerStep", "steps", "learningRate", "beta", "epsilon",
                                      "epsilonHigh", "temperature", "topP", "maxNewTokens", "lossType", "scaleRewards", "baseline",
                                      "importanceSampling", "iterations", "balanced", "dynamicSampling", "rewards", "rewardWeights",
                                      "trainable", "firstStage", "pairs", "maxDocumentTokens"] + sessionLabels, required: 2)
        let model = try MethodBuiltins.modelArgument(args, 0), dataset = try MethodBuiltins.datasetArgument(args, 1)
        var p = GRPOParameters()
        func int(_ label: String) throws -> Int? { try given[label].map(args.int) }
        func double(_ label: String) throws -> Double? { try given[label].map(args.double) }
        if let v = try int("groupSize") { p.groupSize = v }
        if let v = try int("promptsPerStep") { p.promptsPerStep = v }
        if let v = try int("steps") { p.steps = v }
        if let v = try double("learningRate") { p.learningRate = Float(v) }
        if let v = try double("beta") { p.objective.beta = v }
        if let v = try double("epsilon") { (p.objective.epsilonLow, p.objective.epsilonHigh) = (v, v) }
        if let v = try double("epsilonHigh") { p.objective.epsilonHigh = v }
        if let v = try double("temperature") { p.temperature = Float(v) }
        if let v = try double("topP") { p.topP = Float(v) }
        if let v = try int("maxNewTokens") { p.maxNewTokens = v }
        if let i = given["lossType"] { p.objective.lossType = try choice(args, i, GRPOLossType.self) }
        if let i = given["scaleRewards"] { p.scaleRewards = try choice(args, i, AdvantageScaling.self) }
        if let i = given["baseline"] { p.baseline = try choice(args, i, AdvantageBaseline.self) }
        if let i = given["importanceSampling"] { p.objective.importanceSampling = try choice(args, i, ImportanceSampling.self) }
        if let v = try int("iterations") { p.iterations = v }
        if let i = given["balanced"] { p.balanced = try args.bool(i) }
        if let i = given["dynamicSampling"] { p.dynamicSampling = try args.bool(i) }
        if let i = given["trainable"] { p.trainable = try TrainableObject.trainable(args[i], args) }
        var rewards = try given["rewards"].map { try args.array($0).enumerated().map { try reward($1, index: $0, interp, args) } } ?? [.format, .accuracy]
        if let i = given["rewardWeights"] {
            let weights = try args.array(i).map { value -> Double in
                switch value {
                case .double(let d): return d
                case .int(let n): return Double(n)
                default: throw args.fail("grpo: rewardWeights must be numbers, not '\(value.typeName)'")
                }
            }
            guard weights.count == rewards.count else { throw args.fail("grpo: \(weights.count) rewardWeights for \(rewards.count) rewards") }
            rewards = zip(rewards, weights).map { $0.weighted($1) }
        }
        let session = try sessionOptions(given, args, interp, kind: "grpo")
        p.seed = session.seed
        let split = try given["split"].map(args.string) ?? "train", limit = try int("pairs")
        let prompt = try MethodBuiltins.promptFor(model, args, maxDocumentTokens: try int("maxDocumentTokens") ?? 256)
        let firstStage = try given["firstStage"].map { try MethodBuiltins.runArgument(args, $0) }
        return try MethodBuiltins.kernelCall(args) {
            var pairs = try TrainingSamples.pairs(dataset, split: split, firstStage: firstStage ?? MethodBuiltins.defaultFirstStage(dataset, split: split),
                                                  seed: session.seed)
            if let limit {
                guard limit >= 2 else { throw args.fail("grpo: pairs must be ≥ 2, got \(limit)") }
                pairs = Array(pairs.prefix(limit))
            }
            let trainer = try GRPOTrainer(model: model.model, prompt: prompt, pairs: pairs, rewards: rewards, parameters: p)
            return try run(trainer, policy: trainer.policy, model: model, session, interp, args)
        }
    }

    static func scoreLearning(_ interp: Interpreter, _ args: CallArguments) throws -> Value {
        let given = try args.options([nil, nil, "split", "loss", "negatives", "steps", "hardNegatives", "listsPerStep", "learningRate",
                                      "trainable", "firstStage", "lists", "maxDocumentTokens"] + sessionLabels, required: 2)
        let model = try MethodBuiltins.modelArgument(args, 0), dataset = try MethodBuiltins.datasetArgument(args, 1)
        var p = ScoreLearningParameters()
        if let i = given["loss"] { p.loss = try choice(args, i, ScoreLoss.self) }
        if let i = given["steps"] { p.steps = try args.int(i) }
        if let i = given["listsPerStep"] { p.listsPerStep = try args.int(i) }
        if let i = given["learningRate"] { p.learningRate = Float(try args.double(i)) }
        if let i = given["trainable"] { p.trainable = try TrainableObject.trainable(args[i], args) }
        let negatives = try given["negatives"].map(args.int) ?? 7
        let hard = try given["hardNegatives"].map(args.int) ?? min(4, negatives)
        guard negatives >= 1, (0...negatives).contains(hard) else {
            throw args.fail("scoreLearning: need negatives ≥ 1 and 0 ≤ hardNegatives ≤ negatives, got \(negatives) and \(hard)")
        }
        let session = try sessionOptions(given, args, interp, kind: "score-learning")
        p.seed = session.seed
        let split = try given["split"].map(args.string) ?? "train", limit = try given["lists"].map(args.int)
        let prompt = try MethodBuiltins.promptFor(model, args, maxDocumentTokens: try given["maxDocumentTokens"].map(args.int) ?? 256)
        let firstStage = try given["firstStage"].map { try MethodBuiltins.runArgument(args, $0) }
        return try MethodBuiltins.kernelCall(args) {
            var lists = try TrainingSamples.lists(dataset, split: split, firstStage: firstStage ?? MethodBuiltins.defaultFirstStage(dataset, split: split),
                                                  parameters: .init(negatives: negatives, hard: hard), seed: session.seed)
            if let limit {
                guard limit >= 1 else { throw args.fail("scoreLearning: lists must be ≥ 1, got \(limit)") }
                lists = Array(lists.prefix(limit))
            }
            let shared = p.trainable.frozenLayers(of: model.model).flatMap { sharedTrunkCache(for: model.model, layers: $0, interp) }
            let trainer = try ScoreLearningTrainer(model: model.model, prompt: prompt, lists: lists, parameters: p, trunkCache: shared)
            if let cache = trainer.trunkCache, !interp.trunkCaches.contains(where: { $0 === cache }) { interp.trunkCaches.append(cache) }
            return try run(trainer, policy: trainer.policy, model: model, session, interp, args)
        }
    }

    static func sft(_ interp: Interpreter, _ args: CallArguments) throws -> Value {
        let given = try args.options([nil, nil, "split", "steps", "pairsPerStep", "learningRate", "trainable", "firstStage", "pairs",
                                      "maxDocumentTokens"] + sessionLabels, required: 2)
        let model = try MethodBuiltins.modelArgument(args, 0), dataset = try MethodBuiltins.datasetArgument(args, 1)
        var p = SFTParameters()
        if let i = given["steps"] { p.steps = try args.int(i) }
        if let i = given["pairsPerStep"] { p.pairsPerStep = try args.int(i) }
        if let i = given["learningRate"] { p.learningRate = Float(try args.double(i)) }
        if let i = given["trainable"] { p.trainable = try TrainableObject.trainable(args[i], args) }
        let session = try sessionOptions(given, args, interp, kind: "sft")
        p.seed = session.seed
        let split = try given["split"].map(args.string) ?? "train", limit = try given["pairs"].map(args.int)
        let prompt = try MethodBuiltins.promptFor(model, args, maxDocumentTokens: try given["maxDocumentTokens"].map(args.int) ?? 256)
        let firstStage = try given["firstStage"].map { try MethodBuiltins.runArgument(args, $0) }
        return try MethodBuiltins.kernelCall(args) {
            var pairs = try TrainingSamples.pairs(dataset, split: split, firstStage: firstStage ?? MethodBuiltins.defaultFirstStage(dataset, split: split),
                                                  seed: session.seed)
            if let limit { pairs = Array(pairs.prefix(max(limit, 0))) }
            let trainer = try SFTTrainer(model: model.model, prompt: prompt, pairs: pairs, parameters: p)
            return try run(trainer, policy: trainer.policy, model: model, session, interp, args)
        }
    }

    /// `pretrain(model, ds, steps:, batchSize:, contextLength:, learningRate:, includePromptText: false, …)`: next-token
    /// training on the collection's documents and queries; `includePromptText` adds the ProRank instruction once
    /// per document (a model that never read a digit never answers "0" or "1", so GRPO could not start).
    static func pretrain(_ interp: Interpreter, _ args: CallArguments) throws -> Value {
        let given = try args.options([nil, nil, "steps", "batchSize", "contextLength", "learningRate", "includePromptText"] + sessionLabels,
                                     required: 2)
        let model = try MethodBuiltins.modelArgument(args, 0), dataset = try MethodBuiltins.datasetArgument(args, 1)
        var p = PretrainParameters()
        if let i = given["steps"] { p.steps = try args.int(i) }
        if let i = given["batchSize"] { p.batchSize = try args.int(i) }
        if let i = given["contextLength"] { p.contextLength = try args.int(i) }
        if let i = given["learningRate"] { p.learningRate = Float(try args.double(i)) }
        let withPrompt = try given["includePromptText"].map(args.bool) ?? false
        let session = try sessionOptions(given, args, interp, kind: "pretrain")
        p.seed = session.seed
        let tokenizer = try model.tokenizer(args)
        var texts = dataset.corpus.map(\.content) + dataset.allQueries.map(\.text)
        if withPrompt { texts += dataset.corpus.map { _ in RerankPrompt.task } }
        return try MethodBuiltins.kernelCall(args) {
            let trainer = try PretrainTrainer(model: model.model, tokenizer: tokenizer, texts: texts, parameters: p)
            return try run(trainer, policy: trainer.policy, model: model, session, interp, args)
        }
    }

    // MARK: shared

    struct Session {
        var seed: UInt64
        var options: TrainingOptions
        var name: String
    }

    /// seed, name, checkpoints and the run store of a training call.
    static func sessionOptions(_ given: [String: Int], _ args: CallArguments, _ interp: Interpreter, kind: String) throws -> Session {
        let seed = try given["seed"].map(args.int) ?? 0
        guard seed >= 0 else { throw args.fail("\(args.name): seed must not be negative, got \(seed)") }
        let name = try given["name"].map(args.string) ?? kind
        guard FileAccess.isBareName(name) else { throw args.fail("\(args.name): name must be a plain name (it names the checkpoint folder), got \(name.debugDescription)") }
        let every = try given["checkpointEvery"].map(args.int) ?? 0
        guard every >= 0 else { throw args.fail("\(args.name): checkpointEvery must be ≥ 0, got \(every)") }
        let resume = try given["resume"].map(args.bool) ?? false
        let checkpoints = every > 0 || resume
            ? URL(fileURLWithPath: try args.checked { try interp.context.files.writable("checkpoints") }).appendingPathComponent(name) : nil
        let store = try MethodBuiltins.kernelCall(args) { () -> RunStore in
            try FileManager.default.createDirectory(at: URL(fileURLWithPath: interp.context.runStorePath).deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            return try RunStore(path: interp.context.runStorePath)
        }
        return Session(seed: UInt64(seed), options: TrainingOptions(checkpointDirectory: checkpoints, checkpointEvery: every, resume: resume,
                                                                    store: store, runName: name), name: name)
    }

    /// Trains, stopping between steps at Ctrl-C, and wraps the merged model and the log.
    static func run(_ trainer: some StepTrainer, policy: TrainingPolicy, model: ModelObject, _ session: Session,
                    _ interp: Interpreter, _ args: CallArguments) throws -> Value {
        let interrupt = interp.context.interrupt
        if let folder = session.options.checkpointDirectory {
            try FileManager.default.createDirectory(at: folder.deletingLastPathComponent(), withIntermediateDirectories: true)
        }
        try trainer.train(options: session.options) { _ in !interrupt.consume() }
        let runID = try session.options.store?.runs(limit: 1, kind: trainer.kind).first.map { Int($0.id.rawValue) }
        let trained = ModelObject(try policy.mergedModel(), name: "\(model.name)+\(session.name)", tokenizer: try model.tokenizer(args))
        if policy.trunkLayers > 0 {
            trained.trunkCache = try sharedTrunkCache(for: policy.reference, layers: policy.trunkLayers, interp)
                ?? { let cache = try TrunkCache(model: policy.reference, layers: policy.trunkLayers); interp.trunkCaches.append(cache); return cache }()
        }
        return .kernel(TrainingResultObject(kind: trainer.kind, model: trained, log: trainer.log, runID: runID))
    }

    /// A cache of this run that serves `model`'s bottom `layers` layers.
    static func sharedTrunkCache(for model: DecoderLM, layers: Int, _ interp: Interpreter) -> TrunkCache? {
        interp.trunkCaches.first { $0.layers == layers && $0.serves(model) }
    }

    /// A reward from `formatReward`-like values or a notebook function `(RewardContext) -> Double`.
    static func reward(_ value: Value, index: Int, _ interp: Interpreter, _ args: CallArguments) throws -> Reward {
        switch value {
        case .kernel(let r as RewardObject): return r.reward
        case .function(let f):
            let at = args.location
            return Reward(name: f.name.isEmpty ? "reward\(index + 1)" : f.name) { context in
                let result = try interp.call(f, [.kernel(RewardContextObject(context))], at: at)
                switch result {
                case .double(let d): return d
                case .int(let n): return Double(n)
                default: throw interp.fail("a reward function must return a Double, not '\(result.typeName)'", at: at)
                }
            }
        default:
            throw args.fail("\(args.name): rewards must be formatReward, accuracyReward, confidenceReward or functions (RewardContext) -> Double, not '\(value.typeName)'")
        }
    }

    /// `.name` of one of a kernel enum's cases.
    static func choice<T: RawRepresentable & CaseIterable>(_ args: CallArguments, _ i: Int, _ type: T.Type) throws -> T where T.RawValue == String {
        guard case .enumCase(let name) = args[i], let value = T(rawValue: name) else {
            let given: String
            if case .enumCase(let name) = args[i] { given = "." + name } else { given = "'\(args[i].typeName)'" }
            throw args.fail("\(args.name): argument \(i + 1) must be one of \(T.allCases.map { "." + $0.rawValue }.joined(separator: ", ")), not \(given)")
        }
        return value
    }
}
