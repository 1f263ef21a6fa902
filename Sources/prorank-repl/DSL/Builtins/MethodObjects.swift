// Kernel objects of the method in notebooks: a training call's result (`.model`, `.log`), its log (series by
// name: `log["reward"]`), rewards and what a reward closure sees (`RewardContext`), what trains (`.lastLayers(6)`,
// `.lora(rank: 8)`), and the zero-shot report.

import Foundation
import ProRankKit

/// What `grpo`, `scoreLearning`, `sft` and `pretrain` return.
final class TrainingResultObject: KernelObject {
    let kind: String
    let model: ModelObject
    let log: TrainingLog
    let runID: Int?
    init(kind: String, model: ModelObject, log: TrainingLog, runID: Int?) { (self.kind, self.model, self.log, self.runID) = (kind, model, log, runID) }

    var typeName: String { "TrainingResult" }
    var summary: String { "TrainingResult(\(kind), \(log.stepCount) steps" + (runID.map { ", run #\($0)" } ?? "") + "; " + TrainingLogObject.trend(log) + ")" }

    func property(_ name: String, _ interpreter: Interpreter, at: SourceLocation) throws -> Value? {
        switch name {
        case "model": return .kernel(model)
        case "log": return .kernel(TrainingLogObject(log))
        case "steps": return .int(log.stepCount)
        case "runID": return .optional(runID.map(Value.int))
        default: return nil
        }
    }
}

/// `result.log`: `log["reward"]` ([Double], one per step), `log.names`, `log.last("loss")`, `log.count`.
final class TrainingLogObject: KernelObject {
    let log: TrainingLog
    init(_ log: TrainingLog) { self.log = log }

    var typeName: String { "TrainingLog" }
    var summary: String { "TrainingLog(\(log.stepCount) steps; \(Self.trend(log)))" }

    /// "loss 2.08 → 0.47, reward …": first and last value of the main series.
    static func trend(_ log: TrainingLog) -> String {
        let shown = ["reward", "format", "accuracy", "loss"].filter { !log[$0].isEmpty }.prefix(3)
        return shown.map { name in
            let series = log[name]
            return "\(name) \(String(format: "%.3g", series.first!)) → \(String(format: "%.3g", series.last!))"
        }.joined(separator: ", ")
    }

    func property(_ name: String, _ interpreter: Interpreter, at: SourceLocation) throws -> Value? {
        switch name {
        case "names": return .array(log.names.map(Value.string))
        case "count": return .int(log.stepCount)
        case "steps": return .array(log.entries.map { .int($0.step) })
        default: return nil
        }
    }

    func method(_ name: String, _ args: CallArguments) throws -> Value? {
        guard name == "last" else { return nil }
        try args.expect([nil])
        return .optional(log.last(try args.string(0)).map(Value.double))
    }

    func subscripted(_ index: [Value], labels: [String?], _ interpreter: Interpreter, at: SourceLocation) throws -> Value? {
        guard index.count == 1, case .string(let name) = index[0] else { return nil }
        guard log.names.contains(name) else {
            throw interpreter.fail("the training log has no series \(name.debugDescription); series: \(log.names.joined(separator: ", "))", at: at)
        }
        return .array(log[name].map(Value.double))
    }
}

/// `formatReward`, `accuracyReward`, `confidenceReward`, or a notebook function wrapped by `grpo`.
final class RewardObject: KernelObject {
    let reward: Reward
    init(_ reward: Reward) { self.reward = reward }
    var typeName: String { "Reward" }
    var summary: String { "Reward(\(reward.name))" }
}

/// What a reward function written in a notebook receives.
final class RewardContextObject: KernelObject {
    let context: RewardContext
    init(_ context: RewardContext) { self.context = context }

    var typeName: String { "RewardContext" }
    var summary: String { "RewardContext(completion \(context.completion.debugDescription), label \(context.label))" }

    func property(_ name: String, _ interpreter: Interpreter, at: SourceLocation) throws -> Value? {
        let c = context
        switch name {
        case "completion": return .string(c.completion)
        case "completionIDs": return .array(c.completionIDs.map(Value.int))
        case "label": return .int(c.label)
        case "query": return .string(c.query)
        case "document": return .string(c.document)
        case "probabilityZero": return .double(c.probabilityZero)
        case "probabilityOne": return .double(c.probabilityOne)
        case "isWellFormed": return .bool(c.isWellFormed)
        case "answer": return .optional(c.answer.map(Value.int))
        default: return nil
        }
    }
}

/// `.lastLayers(n)` or `.lora(rank:alpha:dropout:targets:)` (`.all` is a plain enum case).
final class TrainableObject: KernelObject {
    let trainable: Trainable
    init(_ trainable: Trainable) { self.trainable = trainable }
    var typeName: String { "Trainable" }
    var summary: String { "." + trainable.summary }

    /// `.name(args)` written without a type: the method's values that take arguments.
    static func implicitMember(_ name: String, _ args: CallArguments) throws -> Value {
        switch name {
        case "lastLayers":
            try args.expect([nil])
            let n = try args.int(0)
            guard n >= 1 else { throw args.fail("lastLayers: n must be ≥ 1, got \(n)") }
            return .kernel(TrainableObject(.lastLayers(n)))
        case "lora":
            let given = try args.options(["rank", "alpha", "dropout", "targets"], required: 0)
            var c = LoRAConfiguration()
            if let i = given["rank"] { c.rank = try args.int(i) }
            if let i = given["alpha"] { c.alpha = try args.double(i) }
            if let i = given["dropout"] { c.dropout = try args.double(i) }
            if let i = given["targets"] {
                c.targets = try args.array(i).map { value in
                    guard case .string(let s) = value, let target = LoRATarget(rawValue: s) else {
                        throw args.fail("lora: targets are module names (\(LoRATarget.allCases.map(\.rawValue).joined(separator: ", "))), not \(value)")
                    }
                    return target
                }
            }
            do { try c.validate() } catch { throw args.fail("lora: \(error)") }
            return .kernel(TrainableObject(.lora(c)))
        default:
            throw args.fail("'.\(name)(…)' is not a value the notebook knows; values with arguments: .lastLayers(n), .lora(rank:alpha:dropout:targets:)")
        }
    }

    /// `.all`, `.lastLayers(n)` or `.lora(…)` from an argument.
    static func trainable(_ value: Value, _ args: CallArguments) throws -> Trainable {
        switch value {
        case .enumCase("all"): return .all
        case .kernel(let t as TrainableObject): return t.trainable
        default: throw args.fail("\(args.name): trainable must be .all, .lastLayers(n) or .lora(rank:…), not '\(value.typeName)'")
        }
    }
}

/// `zeroShot(…)`: the paper's preliminary analysis, and the ranking comparison when a first stage was given.
final class ZeroShotObject: KernelObject {
    let report: ZeroShot.Report
    let ranking: ZeroShot.RankingComparison?
    init(_ report: ZeroShot.Report, ranking: ZeroShot.RankingComparison?) { (self.report, self.ranking) = (report, ranking) }

    var typeName: String { "ZeroShot" }
    var summary: String {
        let r = report
        var lines = [String(format: "zero-shot on %d pairs: format success %.2f, accuracy %.2f, p(\"0\")+p(\"1\") %.3g, AUC of s %@",
                            r.pairCount, r.formatSuccess, r.accuracy, r.meanAnswerMass, r.auc.map { String(format: "%.3f", $0) } ?? "n/a")]
        for e in r.examples.prefix(3) { lines.append("  label \(e.label): answered \(e.answer.debugDescription), s = \(String(format: "%.3f", e.score))") }
        if let c = ranking {
            lines.append(String(format: "%@ of the first stage's top %d (%d queries): zero-shot %.4f, first stage %.4f, random %.4f, oracle %.4f",
                                c.metric.name, c.top, c.queryCount, c.zeroShot, c.firstStage, c.random, c.oracle))
        }
        return lines.joined(separator: "\n")
    }

    func property(_ name: String, _ interpreter: Interpreter, at: SourceLocation) throws -> Value? {
        let r = report
        switch name {
        case "pairs": return .int(r.pairCount)
        case "formatSuccess": return .double(r.formatSuccess)
        case "accuracy": return .double(r.accuracy)
        case "answerMass": return .double(r.meanAnswerMass)
        case "auc": return .optional(r.auc.map(Value.double))
        case "answers": return .array(r.outcomes.map { .string($0.answer) })
        case "examples":
            return .array(r.examples.map {
                .tuple([.string($0.query), .string($0.document), .int($0.label), .string($0.answer), .double($0.score)],
                       labels: ["query", "document", "label", "answer", "score"])
            })
        case "ndcg":
            guard let c = ranking else { return .optional(nil) }
            var d = OrderedDict()
            for (key, value) in [("zeroShot", c.zeroShot), ("firstStage", c.firstStage), ("random", c.random), ("oracle", c.oracle)] {
                d[.string(key)] = .double(value)
            }
            return .optional(.dictionary(d))
        case "reranked": return .optional(ranking.map { .kernel(RunObject($0.rerankedRun)) })
        default: return nil
        }
    }
}
