// Evaluation builtins: trec_eval's measures and the paired significance tests between two systems.
//
//     let base = evaluate(bm25Run, ds.qrels("test"), metrics: ["ndcg@10", "map"])
//     let better = evaluate(reranked, ds.qrels("test"), metrics: ["ndcg@10", "map"])
//     print(compare(base, better, metric: "ndcg@10"))      // paired t-test and randomization test

import ProRankKit

enum EvaluationBuiltins {
    static var functions: [(String, BuiltinBody)] {
        [("evaluate", evaluate), ("compare", compare)]
    }

    /// `evaluate(run, qrels, metrics: ["ndcg@10", "map"])`: trec_eval's measures (metrics optional).
    static func evaluate(_ interp: Interpreter, _ args: CallArguments) throws -> Value {
        guard args.count == 2 || (args.count == 3 && args.labels[2] == "metrics"), args.labels[0] == nil, args.labels[1] == nil else {
            throw args.mismatch([nil, nil, "metrics"])
        }
        guard case .kernel(let run as RunObject) = args[0] else {
            throw args.fail("evaluate: the first argument must be a run (index.search(…)), not '\(args[0].typeName)'")
        }
        guard case .kernel(let qrels as QrelsObject) = args[1] else {
            throw args.fail("evaluate: the second argument must be judgements (ds.qrels(\"test\")), not '\(args[1].typeName)'")
        }
        var metrics = Metric.standard
        if args.count == 3 {
            metrics = []
            for item in try args.array(2) {
                guard case .string(let name) = item else { throw args.fail("evaluate: metrics are names such as \"ndcg@10\", not '\(item.typeName)'") }
                do {
                    let metric = try Metric(name)
                    guard !metrics.contains(where: { $0.name == metric.name }) else { throw args.fail("evaluate: metric \"\(name)\" is listed twice") }
                    metrics.append(metric)
                } catch let error as RuntimeError {
                    throw error
                } catch {
                    throw args.fail("evaluate: \(error)")
                }
            }
            guard !metrics.isEmpty else { throw args.fail("evaluate: no metrics given (e.g. [\"ndcg@10\", \"map\"])") }
        }
        return .kernel(MetricsObject(ProRankKit.evaluate(run.run, qrels.qrels, metrics: metrics)))
    }

    /// `compare(a, b, metric: "ndcg@10", trials: 10000, seed: 0)`: B against A on the same queries (trials and
    /// seed optional; the randomization test enumerates all sign patterns exactly when there are few queries).
    static func compare(_ interp: Interpreter, _ args: CallArguments) throws -> Value {
        let given = try args.options([nil, nil, "metric", "trials", "seed"], required: 3)
        let trials = try given["trials"].map(args.int) ?? 10_000, seed = try given["seed"].map(args.int) ?? 0
        var evaluations: [Evaluation] = []
        for i in 0..<2 {
            guard case .kernel(let metrics as MetricsObject) = args[i] else {
                throw args.fail("compare: argument \(i + 1) must be an evaluation (evaluate(run, qrels)), not '\(args[i].typeName)'")
            }
            evaluations.append(metrics.evaluation)
        }
        guard (1...1_000_000).contains(trials) else { throw args.fail("compare: trials must be between 1 and 1000000, got \(trials)") }
        guard seed >= 0 else { throw args.fail("compare: seed must not be negative, got \(seed)") }
        do {
            let result = try ProRankKit.compare(evaluations[0], evaluations[1], metric: try args.string(2), trials: trials, seed: UInt64(seed))
            return .kernel(ComparisonObject(result))
        } catch let error as RuntimeError {
            throw error
        } catch {
            throw args.fail("\(error)")
        }
    }
}
