// ProRankKit's data and retrieval layers bound into the notebook language, with DESIGN.md §5's names:
//
//     let ds = beir("scifact")                      // a collection name under PRORANK_DATA
//     let ds = synthetic(topics: 12, docsPerTopic: 40, seed: 7)
//     let index = bm25(ds.corpus, analyzer: { text in text.lowercased().split(separator: " ").map { String($0) } })
//     let run = index.search(ds.queries("test"), top: 100)
//     print(evaluate(run, ds.qrels("test"), metrics: ["ndcg@10", "recall@100"]))
//
// Kernel preconditions (BM25's k1/b, the synthetic generator's sizes, metric cut-offs) are checked here first, so
// that a notebook gets an error instead of a crash. A DSL analyzer is called back by the kernel; an error inside
// it stops the indexing and is reported at the closure's line.

import Foundation
import ProRankKit

enum RetrievalBuiltins {
    static var functions: [(String, BuiltinBody)] {
        [("beir", beir), ("synthetic", synthetic), ("bm25", bm25)]
    }

    /// `beir("scifact")`: a BEIR folder named under `PRORANK_DATA`, or a path to one (inside the allowed folders).
    static func beir(_ interp: Interpreter, _ args: CallArguments) throws -> Value {
        try args.expect([nil])
        let argument = try args.string(0)
        let files = interp.context.files
        let folder: String
        if FileAccess.isBareName(argument) {
            guard let data = files.dataFolder else {
                throw args.fail("beir: PRORANK_DATA is not set, so \(argument.debugDescription) names no collection (hint: point PRORANK_DATA at the folder holding the BEIR collections, or give a path)")
            }
            guard let found = try args.checked({ try files.named(argument, in: data) }) else {
                throw args.fail("beir: no collection \(argument.debugDescription) in PRORANK_DATA (\(data))")
            }
            folder = found
        } else {
            folder = try args.checked { try files.readable(argument) }
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw args.fail("beir: \(argument.debugDescription) is a file; a BEIR collection is a folder with corpus.jsonl, queries.jsonl and qrels/")
        }
        do {
            let name = URL(fileURLWithPath: folder).lastPathComponent
            return .kernel(DatasetObject(try BEIRLoader.load(URL(fileURLWithPath: folder), name: name).dataset))
        } catch {
            throw args.fail("beir: \(error)")
        }
    }

    /// `synthetic(topics: 12, docsPerTopic: 40, seed: 7)`: the seeded synthetic collection (all labels optional).
    static func synthetic(_ interp: Interpreter, _ args: CallArguments) throws -> Value {
        let given = try args.options(["topics", "docsPerTopic", "seed"], required: 0)
        let topics = try given["topics"].map(args.int) ?? 12
        let docs = try given["docsPerTopic"].map(args.int) ?? 40
        let seed = try given["seed"].map(args.int) ?? 0
        guard (2...1_000).contains(topics) else { throw args.fail("synthetic: topics must be between 2 and 1000, got \(topics)") }
        guard (1...10_000).contains(docs), topics * docs <= 1_000_000 else {
            throw args.fail("synthetic: docsPerTopic must be between 1 and 10000 (and topics × docsPerTopic at most 1000000), got \(docs)")
        }
        guard seed >= 0 else { throw args.fail("synthetic: seed must not be negative, got \(seed)") }
        return .kernel(DatasetObject(SyntheticCollection.make(topics: topics, docsPerTopic: docs, seed: UInt64(seed))))
    }

    /// `bm25(ds.corpus, k1: 0.9, b: 0.4, analyzer: { text in … })`: k1, b and analyzer optional, in that order.
    static func bm25(_ interp: Interpreter, _ args: CallArguments) throws -> Value {
        let given = try args.options([nil, "k1", "b", "analyzer"], required: 1, trailingLabel: "analyzer")
        let documents: [Document]
        switch args[0] {
        case .kernel(let corpus as CorpusObject): documents = corpus.documents
        case .kernel(let dataset as DatasetObject): documents = dataset.dataset.corpus
        default: throw args.fail("bm25: the first argument must be a corpus (ds.corpus), not '\(args[0].typeName)'")
        }
        let k1 = try given["k1"].map(args.double) ?? 0.9, b = try given["b"].map(args.double) ?? 0.4
        let analyzerFunction = try given["analyzer"].map(args.function)
        guard k1 >= 0, k1.isFinite else { throw args.fail("bm25: k1 must be ≥ 0, got \(k1)") }
        guard (0...1).contains(b) else { throw args.fail("bm25: b must be between 0 and 1, got \(b)") }
        guard let analyzerFunction else {
            let index = BM25Index(documents: documents, k1: k1, b: b)
            return .kernel(IndexObject(index) { body in body() })
        }
        let callback = AnalyzerCallback(interp, analyzerFunction, at: args.location)
        let analyzer = Analyzer(name: "notebook") { text in callback.tokens(text) }
        let index = BM25Index(documents: documents, k1: k1, b: b, analyzer: analyzer)
        try callback.rethrow()
        return .kernel(IndexObject(index) { body in
            let run = body()
            try callback.rethrow()
            return run
        })
    }
}

/// A DSL analyzer called by BM25Index: runs the closure in the interpreter (on the interpreter's thread: the index
/// calls its analyzer synchronously) and keeps the first error, after which it answers no tokens until the kernel
/// returns and the builtin rethrows the error.
private final class AnalyzerCallback: @unchecked Sendable {
    let interpreter: Interpreter
    let function: Callable
    let location: SourceLocation
    var failure: Error?

    /// `location` is the call that handed the analyzer over; a wrong result is reported at the closure itself.
    init(_ interpreter: Interpreter, _ function: Callable, at location: SourceLocation) {
        (self.interpreter, self.function, self.location) = (interpreter, function, location)
        if case .user(let decl, _) = function.kind { resultLocation = decl.location } else { resultLocation = location }
    }

    private let resultLocation: SourceLocation

    func tokens(_ text: String) -> [String] {
        guard failure == nil else { return [] }
        do {
            let result = try interpreter.call(function, [.string(text)], at: location)
            guard case .array(let items) = result else {
                throw interpreter.fail("analyzer must return [String], not '\(result.typeName)'", at: resultLocation)
            }
            return try items.map { item in
                guard case .string(let token) = item else {
                    throw interpreter.fail("analyzer must return [String], not an array of '\(item.typeName)'", at: resultLocation)
                }
                return token
            }
        } catch {
            failure = error
            return []
        }
    }

    func rethrow() throws {
        if let failure {
            self.failure = nil
            throw failure
        }
    }
}
