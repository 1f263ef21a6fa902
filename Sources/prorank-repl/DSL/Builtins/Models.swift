// Models, tokenizers and the run store bound into the notebook language (DESIGN.md §5):
//
//     let slm = loadModel("smollm2-135m-instruct")      // a name in the model cache, an HF folder, or a .gguf
//     print(slm.generate("The capital of France is", maxTokens: 8))
//     let tok = tokenizer("smollm2-135m-instruct")      // or slm.tokenizer
//     let ids = tok.tokenize("relevant: 1")             // [Int]; tok.detokenize(ids) gives the text back
//     let reranked = rerank(slm, firstStage, ds, top: 20)   // first-stage top 20 reordered by z["1"] − z["0"]
//     for run in runs(limit: 5) { print(run) }          // the runs recorded in the SQLite store
//
// A bare name (no '/', no .gguf/.json ending) is looked up in the model cache; anything else is a path inside
// the folders FileAccess allows.

import Foundation
import ProRankKit

enum ModelBuiltins {
    static var functions: [(String, BuiltinBody)] {
        [("loadModel", loadModel), ("tokenizer", tokenizer), ("runs", runs), ("rerank", rerank)]
    }

    /// `rerank(model, firstStage, ds, top: 100, maxDocumentTokens: 256)`: each query's first `top` documents
    /// reordered by the model's score z["1"] − z["0"] (documents past `top` are dropped). Ctrl-C stops it between
    /// two queries.
    static func rerank(_ interp: Interpreter, _ args: CallArguments) throws -> Value {
        let given = try args.options([nil, nil, nil, "top", "maxDocumentTokens"], required: 3)
        let top = try given["top"].map(args.int) ?? 100, maxDocumentTokens = try given["maxDocumentTokens"].map(args.int) ?? 256
        guard case .kernel(let model as ModelObject) = args[0] else {
            throw args.fail("rerank: the first argument must be a model (loadModel(…)), not '\(args[0].typeName)'")
        }
        guard case .kernel(let run as RunObject) = args[1] else {
            throw args.fail("rerank: the second argument must be a first-stage run (index.search(…)), not '\(args[1].typeName)'")
        }
        guard case .kernel(let dataset as DatasetObject) = args[2] else {
            throw args.fail("rerank: the third argument must be the run's collection (beir(…) or synthetic(…)), not '\(args[2].typeName)'")
        }
        guard (1...10_000).contains(top) else { throw args.fail("rerank: top must be between 1 and 10000, got \(top)") }
        guard (1...100_000).contains(maxDocumentTokens) else { throw args.fail("rerank: maxDocumentTokens must be between 1 and 100000, got \(maxDocumentTokens)") }
        let reranker = try model.reranker(args, maxDocumentTokens: maxDocumentTokens)
        let interrupt = interp.context.interrupt
        do {
            return .kernel(RunObject(try reranker.rerank(run.run, dataset: dataset.dataset, top: top) { _, _ in !interrupt.consume() }))
        } catch RerankError.cancelled {
            throw args.fail("interrupted")
        } catch {
            throw args.fail("rerank: \(error)")
        }
    }

    /// `loadModel(nameOrPath)`: Llama/Qwen2 weights from safetensors or GGUF.
    static func loadModel(_ interp: Interpreter, _ args: CallArguments) throws -> Value {
        try args.expect([nil])
        let argument = try args.string(0)
        let path = try resolve(argument, interp, args)
        do {
            let model = try Checkpoint.load(ModelStore().resolve(path))
            return .kernel(ModelObject(model, name: argument, path: path))
        } catch {
            throw args.fail("loadModel: \(error)")
        }
    }

    /// `tokenizer(nameOrPath)`: a tokenizer.json, a folder holding one, a .gguf's vocabulary, or a cached model's.
    static func tokenizer(_ interp: Interpreter, _ args: CallArguments) throws -> Value {
        try args.expect([nil])
        let argument = try args.string(0)
        let path = try resolve(argument, interp, args)
        do {
            return .kernel(TokenizerObject(try Tokenizer.load(path), name: argument))
        } catch {
            throw args.fail("tokenizer: \(error)")
        }
    }

    /// `runs(limit: 20, kind: "grpo")`: the store's runs, newest first (both labels optional). An absent store
    /// means no runs yet; it is never created by reading.
    static func runs(_ interp: Interpreter, _ args: CallArguments) throws -> Value {
        let given = try args.options(["limit", "kind"], required: 0)
        let limit = try given["limit"].map(args.int) ?? 20, kind = try given["kind"].map(args.string)
        guard (1...10_000).contains(limit) else { throw args.fail("runs: limit must be between 1 and 10000, got \(limit)") }
        let path = interp.context.runStorePath
        guard FileManager.default.fileExists(atPath: path) else { return .array([]) }
        do {
            let store = try RunStore(path: path)
            return .array(try store.runs(limit: limit, kind: kind).map { record in
                .kernel(StoredRunObject(record, store: store))
            })
        } catch {
            throw args.fail("runs: \(error)")
        }
    }

    /// The file or folder a model argument names, checked against the allowed folders.
    private static func resolve(_ argument: String, _ interp: Interpreter, _ args: CallArguments) throws -> String {
        let files = interp.context.files
        let isName = FileAccess.isBareName(argument) && !argument.hasSuffix(".gguf") && !argument.hasSuffix(".json")
        guard isName else { return try args.checked { try files.readable(argument) } }
        if let found = try args.checked({ try files.named(argument, in: files.modelCache) }) { return found }
        let installed = ModelStore(root: URL(fileURLWithPath: files.modelCache)).installed().map(\.name)
        let hint = ModelCatalog.model(named: argument) != nil
            ? "run `prorank-repl models fetch \(argument)` first"
            : "cached models: \(installed.isEmpty ? "none" : installed.joined(separator: ", ")); or give a Hugging Face folder or a .gguf path"
        throw args.fail("\(args.name): no model \(argument.debugDescription) in the model cache (\(files.modelCache)); hint: \(hint)")
    }
}
