// The ProRankKit values a notebook holds (DESIGN.md §5: Dataset, Index, Run, Metrics…), wrapped as opaque kernel
// objects: each prints a compact description and answers its members. They are classes so that a dataset of
// thousands of documents is shared, not copied, between variables (ProRankKit's values never change).

import Foundation
import ProRankKit

/// `beir("scifact")` or `synthetic(…)`: `.name`, `.corpus`, `.splits`, `.queries(split)`, `.qrels(split)`.
final class DatasetObject: KernelObject {
    let dataset: Dataset
    init(_ dataset: Dataset) { self.dataset = dataset }

    var typeName: String { "Dataset" }
    var summary: String {
        "Dataset(\(dataset.name): \(dataset.corpus.count) documents, \(dataset.allQueries.count) queries, splits \(dataset.splits))"
    }

    func property(_ name: String, _ interpreter: Interpreter, at: SourceLocation) throws -> Value? {
        switch name {
        case "name": return .string(dataset.name)
        case "corpus": return .kernel(CorpusObject(dataset.corpus, name: dataset.name))
        case "splits": return .array(dataset.splits.map(Value.string))
        default: return nil
        }
    }

    func method(_ name: String, _ args: CallArguments) throws -> Value? {
        switch name {
        case "queries", "qrels":
            try args.expect([nil])
            let split = try args.string(0)
            guard dataset.qrels[split] != nil else {
                throw args.fail("\(dataset.name) has no split \"\(split)\" (splits: \(dataset.splits.joined(separator: ", ")))")
            }
            if name == "qrels" { return .kernel(QrelsObject(try dataset.judgements(split), name: "\(dataset.name)/\(split)")) }
            return .kernel(QueriesObject(try dataset.queries(split), name: "\(dataset.name)/\(split)"))
        default: return nil
        }
    }
}

/// A collection's documents (`ds.corpus`).
final class CorpusObject: KernelObject {
    let documents: [Document]
    let name: String
    init(_ documents: [Document], name: String) { (self.documents, self.name) = (documents, name) }

    var typeName: String { "Corpus" }
    var summary: String { "Corpus(\(name): \(documents.count) documents)" }
    /// `for doc in ds.corpus { doc.id, doc.title, doc.text }`.
    var elements: [Value]? {
        documents.map { .tuple([.string($0.id), .string($0.title), .string($0.text)], labels: ["id", "title", "text"]) }
    }

    func property(_ name: String, _ interpreter: Interpreter, at: SourceLocation) throws -> Value? {
        switch name {
        case "count": return .int(documents.count)
        case "ids": return .array(documents.map { .string($0.id) })
        case "texts": return .array(documents.map { .string($0.content) })
        default: return nil
        }
    }
}

/// The queries of one split (`ds.queries("test")`).
final class QueriesObject: KernelObject {
    let queries: [Query]
    let name: String
    init(_ queries: [Query], name: String) { (self.queries, self.name) = (queries, name) }

    var typeName: String { "Queries" }
    var summary: String { "Queries(\(name): \(queries.count) queries)" }
    /// `for query in ds.queries("test") { query.id, query.text }`.
    var elements: [Value]? { queries.map { .tuple([.string($0.id), .string($0.text)], labels: ["id", "text"]) } }

    func property(_ name: String, _ interpreter: Interpreter, at: SourceLocation) throws -> Value? {
        switch name {
        case "count": return .int(queries.count)
        case "ids": return .array(queries.map { .string($0.id) })
        case "texts": return .array(queries.map { .string($0.text) })
        default: return nil
        }
    }

    /// `queries.prefix(30)`: the first n queries (a smaller evaluation on a CPU budget).
    func method(_ member: String, _ args: CallArguments) throws -> Value? {
        guard member == "prefix" else { return nil }
        try args.expect([nil])
        let n = try args.int(0)
        guard n >= 0 else { throw args.fail("prefix: n must be ≥ 0, got \(n)") }
        return .kernel(QueriesObject(Array(queries.prefix(n)), name: "\(name), first \(min(n, queries.count))"))
    }
}

/// Relevance judgements of one split (`ds.qrels("test")`).
final class QrelsObject: KernelObject {
    let qrels: Qrels
    let name: String
    init(_ qrels: Qrels, name: String) { (self.qrels, self.name) = (qrels, name) }

    var typeName: String { "Qrels" }
    var summary: String { "Qrels(\(name): \(qrels.judgments.count) queries, \(qrels.count) judgements)" }
    /// `for j in qrels { j.query, j.document, j.grade }`: queries, then documents, in byte-wise order.
    var elements: [Value]? {
        qrels.queryIDs.flatMap { q in
            (qrels.judgments[q] ?? [:]).sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map {
                .tuple([.string(q), .string($0.key), .int($0.value)], labels: ["query", "document", "grade"])
            }
        }
    }

    func property(_ name: String, _ interpreter: Interpreter, at: SourceLocation) throws -> Value? {
        name == "count" ? .int(qrels.count) : nil
    }
}

/// A BM25 index (`bm25(ds.corpus)`): `.search(queries, top:)`.
final class IndexObject: KernelObject {
    let index: BM25Index
    let run: (_ body: () -> Run) throws -> Run
    init(_ index: BM25Index, run: @escaping (_ body: () -> Run) throws -> Run) { (self.index, self.run) = (index, run) }

    var typeName: String { "BM25Index" }
    var summary: String {
        "BM25Index(\(index.count) documents, \(index.termCount) terms, k1 \(index.k1), b \(index.b), analyzer \(index.analyzer.name))"
    }

    func property(_ name: String, _ interpreter: Interpreter, at: SourceLocation) throws -> Value? {
        switch name {
        case "count": return .int(index.count)
        case "termCount": return .int(index.termCount)
        default: return nil
        }
    }

    func method(_ name: String, _ args: CallArguments) throws -> Value? {
        guard name == "search" else { return nil }
        try args.expect([nil, "top"])
        let top = try args.int(1)
        guard top >= 1, top <= 100_000 else { throw args.fail("search: top must be between 1 and 100000, got \(top)") }
        switch args[0] {
        case .kernel(let q as QueriesObject):
            let queries = q.queries
            return .kernel(RunObject(try run { index.search(queries, top: top) }))
        case .string(let text):
            let hits = try run { Run(["q": index.search(text, top: top)]) }.rankings["q"] ?? []
            return .array(hits.map { .tuple([.string($0.id), .double($0.score)], labels: ["id", "score"]) })
        default:
            throw args.fail("search: the first argument must be queries (ds.queries(\"test\")) or a query text, not '\(args[0].typeName)'")
        }
    }
}

/// A ranking per query (`index.search(…)`): prints its head.
final class RunObject: KernelObject {
    let run: Run
    init(_ run: Run) { self.run = run }

    var typeName: String { "Run" }
    /// `for (query, ranking) in run { … }`: each query's ranked (id, score) pairs, queries in byte-wise order.
    var elements: [Value]? {
        run.queryIDs.map { q in
            .tuple([.string(q), .array((run.rankings[q] ?? []).map { .tuple([.string($0.id), .double($0.score)], labels: ["id", "score"]) })],
                   labels: ["query", "ranking"])
        }
    }
    var summary: String {
        let ids = run.queryIDs
        var lines = ["Run(\(run.tag): \(ids.count) queries)"]
        for id in ids.prefix(3) {
            let head = (run.rankings[id] ?? []).prefix(3).map { "\($0.id) \(String(format: "%.3f", $0.score))" }
            lines.append("  \(id): " + head.joined(separator: ", ") + ((run.rankings[id]?.count ?? 0) > 3 ? ", …" : ""))
        }
        if ids.count > 3 { lines.append("  …") }
        return lines.joined(separator: "\n")
    }

    func property(_ name: String, _ interpreter: Interpreter, at: SourceLocation) throws -> Value? {
        switch name {
        case "count": return .int(run.rankings.count)
        case "queryIDs": return .array(run.queryIDs.map(Value.string))
        default: return nil
        }
    }

    func method(_ name: String, _ args: CallArguments) throws -> Value? {
        guard name == "ranking" else { return nil }
        try args.expect([nil])
        let hits = run.rankings[try args.string(0)] ?? []
        return .array(hits.map { .tuple([.string($0.id), .double($0.score)], labels: ["id", "score"]) })
    }
}

/// `evaluate(…)`'s result: prints a table of mean values; `metrics["ndcg@10"]` is a mean.
final class MetricsObject: KernelObject {
    let evaluation: Evaluation
    init(_ evaluation: Evaluation) { self.evaluation = evaluation }

    var typeName: String { "Metrics" }
    var summary: String {
        let width = evaluation.metrics.map(\.name.count).max() ?? 0
        let rows = evaluation.metrics.map { m in
            m.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + String(format: "%.4f", evaluation.mean[m.name] ?? 0)
        }
        return (["Metrics (\(evaluation.queryIDs.count) queries)"] + rows).joined(separator: "\n")
    }

    func property(_ name: String, _ interpreter: Interpreter, at: SourceLocation) throws -> Value? {
        switch name {
        case "names": return .array(evaluation.metrics.map { .string($0.name) })
        case "queryCount": return .int(evaluation.queryIDs.count)
        default: return nil
        }
    }

    func method(_ name: String, _ args: CallArguments) throws -> Value? {
        guard name == "mean" else { return nil }
        try args.expect([nil])
        let metric = try args.string(0)
        guard let value = evaluation.mean[metric] else {
            throw args.fail("no metric \"\(metric)\" in this evaluation (have: \(evaluation.metrics.map(\.name).joined(separator: ", ")))")
        }
        return .double(value)
    }
}

/// `compare(a, b, metric:)`: both means, the difference and both tests' p-values.
final class ComparisonObject: KernelObject {
    let comparison: Comparison
    init(_ comparison: Comparison) { self.comparison = comparison }

    var typeName: String { "Comparison" }
    var summary: String {
        let c = comparison
        let verdict = c.isSignificant() ? "significant at 0.05" : "not significant at 0.05"
        let randomization = c.trials == 0 ? "exact randomization" : "randomization (\(c.trials) trials)"
        return "Comparison(\(c.metric) over \(c.queryIDs.count) queries: A \(f(c.meanA)), B \(f(c.meanB)), B − A \(f(c.meanDifference, sign: true)); "
            + "paired t p = \(p(c.tTestP)), \(randomization) p = \(p(c.randomizationP)); \(verdict))"
    }

    /// A p-value: 4 decimals, or 2 significant digits below 0.0001 (so a tiny p does not print as 0).
    private func p(_ x: Double) -> String { x > 0 && x < 1e-4 ? String(format: "%.1e", x) : f(x) }

    private func f(_ x: Double, sign: Bool = false) -> String { String(format: sign ? "%+.4f" : "%.4f", x) }

    func property(_ member: String, _ interpreter: Interpreter, at: SourceLocation) throws -> Value? {
        let c = comparison
        switch member {
        case "metric": return .string(c.metric)
        case "queryCount": return .int(c.queryIDs.count)
        case "meanA": return .double(c.meanA)
        case "meanB": return .double(c.meanB)
        case "meanDifference": return .double(c.meanDifference)
        case "t": return .double(c.t)
        case "tTestP": return .double(c.tTestP)
        case "randomizationP": return .double(c.randomizationP)
        case "isSignificant": return .bool(c.isSignificant())
        default: return nil
        }
    }
}
