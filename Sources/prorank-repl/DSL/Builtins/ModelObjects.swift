// Kernel objects for models, tokenizers and stored runs: each prints a compact description (a model's config
// and parameter count, a tokenizer's size and special ids, a stored run's status and last metric values)
// and answers its members. Arguments are checked here before calling into the kernel (token ids inside the
// vocabulary, generation lengths inside the model's positions), so a notebook gets an error, not a crash.

import Foundation
import ProRankKit

/// `loadModel(…)`: `.generate(prompt, maxTokens:, temperature:, seed:)`, `.score(query:document:)`, `.tokenizer`,
/// config members.
final class ModelObject: KernelObject {
    let model: DecoderLM
    let name: String
    /// Where the weights came from: the tokenizer is looked up there when first needed.
    let path: String
    private var loadedTokenizer: Result<Tokenizer, Error>?
    /// A trained `.lastLayers(n)` model's cache of its frozen trunk's outputs: reranking runs only the top layers.
    var trunkCache: TrunkCache?

    init(_ model: DecoderLM, name: String, path: String) { (self.model, self.name, self.path) = (model, name, path) }

    /// A model made in the notebook (trained, or built from scratch) with the tokenizer it goes with.
    init(_ model: DecoderLM, name: String, tokenizer: Tokenizer) {
        (self.model, self.name, self.path) = (model, name, "")
        loadedTokenizer = .success(tokenizer)
    }

    var typeName: String { "Model" }
    var summary: String {
        let c = model.config
        return "Model(\(name): \(c.family.rawValue), \(c.layerCount) layers, hidden \(c.hiddenSize), \(c.headCount) heads (\(c.kvHeadCount) KV), "
            + "vocab \(c.vocabularySize), \(Self.count(model.parameters.scalarCount)) parameters)"
    }

    /// 134,515,008 → "134.5 M"; small counts exactly.
    static func count(_ n: Int) -> String {
        n >= 1_000_000 ? String(format: "%.1f M", Double(n) / 1e6) : String(n)
    }

    func tokenizer(_ args: CallArguments) throws -> Tokenizer {
        if loadedTokenizer == nil { loadedTokenizer = Result { try Tokenizer.load(path) } }
        switch loadedTokenizer! {
        case .success(let t): return t
        case .failure(let error):
            throw args.fail("\(name) has no tokenizer (\(error)); hint: pass token ids, or load one with tokenizer(\"…\")")
        }
    }

    func property(_ member: String, _ interpreter: Interpreter, at: SourceLocation) throws -> Value? {
        let c = model.config
        switch member {
        case "name": return .string(name)
        case "family": return .string(c.family.rawValue)
        case "layerCount": return .int(c.layerCount)
        case "hiddenSize": return .int(c.hiddenSize)
        case "vocabularySize": return .int(c.vocabularySize)
        case "parameterCount": return .int(model.parameters.scalarCount)
        case "tokenizer":
            let args = CallArguments(values: [], labels: [], trailing: [], literals: [], location: at, name: "tokenizer", interpreter: interpreter)
            return .kernel(TokenizerObject(try tokenizer(args), name: name))
        default: return nil
        }
    }

    func method(_ member: String, _ args: CallArguments) throws -> Value? {
        switch member {
        case "generate": return try generate(args)
        case "save":
            // `model.save(to: "folder")`: config.json, model.safetensors and tokenizer.json in the output folder.
            try args.expect(["to"])
            let folder = try args.checked { try args.interpreter.context.files.writable(try args.string(0)) }
            do {
                let url = URL(fileURLWithPath: folder)
                try model.save(to: url)
                try tokenizer(args).write(to: url.appendingPathComponent("tokenizer.json"))
                return .string(folder)
            } catch let error as RuntimeError {
                throw error
            } catch {
                throw args.fail("save: \(error)")
            }
        case "score":
            // `model.score(query: "…", document: "…")`: the ProRank relevance score z["1"] − z["0"].
            try args.expect(["query", "document"])
            let (query, document) = (try args.string(0), try args.string(1))
            do {
                return .double(Double(try reranker(args, maxDocumentTokens: 256).scores([(query: query, document: document)])[0]))
            } catch let error as RuntimeError {
                throw error
            } catch {
                throw args.fail("score: \(error)")
            }
        default: return nil
        }
    }

    /// A reranker with this model and its own tokenizer's prompt.
    func reranker(_ args: CallArguments, maxDocumentTokens: Int) throws -> Reranker {
        do {
            return try Reranker(model: model, prompt: RerankPrompt(tokenizer: tokenizer(args), maxDocumentTokens: maxDocumentTokens),
                                trunkCache: trunkCache)
        } catch let error as RuntimeError {
            throw error
        } catch {
            throw args.fail("\(args.name): \(error)")
        }
    }

    /// `generate(prompt, maxTokens: 32, temperature: 0, seed: 0)`: a String prompt gives the new text (special
    /// tokens skipped), an [Int] prompt the new ids. Greedy at temperature 0; stops at an end-of-sequence token.
    private func generate(_ args: CallArguments) throws -> Value {
        let given = try args.options([nil, "maxTokens", "temperature", "seed"], required: 1)
        let maxTokens = try given["maxTokens"].map(args.int) ?? 32
        let temperature = try given["temperature"].map(args.double) ?? 0, seed = try given["seed"].map(args.int) ?? 0
        let vocabulary = model.config.vocabularySize
        let prompt: [Int]
        var tokenizer: Tokenizer?
        switch args[0] {
        case .string(let text):
            tokenizer = try self.tokenizer(args)
            prompt = tokenizer!.encode(text)
            if let bad = prompt.first(where: { $0 >= vocabulary }) {
                throw args.fail("generate: the tokenizer gave id \(bad), outside the model's vocabulary (0..<\(vocabulary)); hint: is it this model's tokenizer?")
            }
        case .array(let items):
            prompt = try TokenizerObject.ids(items, vocabulary: vocabulary, args)
        default:
            throw args.fail("generate: the prompt must be a String or token ids [Int], not '\(args[0].typeName)'")
        }
        guard !prompt.isEmpty else { throw args.fail("generate: the prompt has no tokens") }
        guard maxTokens >= 0 else { throw args.fail("generate: maxTokens must be ≥ 0, got \(maxTokens)") }
        let room = model.config.maxPositionEmbeddings - prompt.count
        guard maxTokens <= room else {
            throw args.fail("generate: \(prompt.count) prompt tokens + maxTokens \(maxTokens) exceed the model's \(model.config.maxPositionEmbeddings) positions")
        }
        guard temperature >= 0, Float(temperature).isFinite else { throw args.fail("generate: temperature must be ≥ 0, got \(temperature)") }
        guard seed >= 0 else { throw args.fail("generate: seed must not be negative, got \(seed)") }
        var stops = Set(model.config.eosTokenIDs)
        if let eos = tokenizer?.eosID { stops.insert(eos) }
        var sampler = Sampler(temperature: Float(temperature), seed: UInt64(seed))
        // Ctrl-C stops a long generation between two tokens.
        let interrupt = args.interpreter.context.interrupt
        var interrupted = false
        let generated = model.generate(prompt: prompt, maxNewTokens: maxTokens, sampler: &sampler, stopTokens: stops) { _ in
            interrupted = interrupt.consume()
            return !interrupted
        }
        if interrupted { throw args.fail("interrupted") }
        guard let tokenizer else { return .array(generated.map(Value.int)) }
        do {
            return .string(try tokenizer.decode(generated, skipSpecial: true))
        } catch {
            throw args.fail("generate: \(error)")
        }
    }
}

/// `tokenizer(…)` or `model.tokenizer`: `.tokenize(text, parseSpecial:)`, `.detokenize(ids, skipSpecial:)`.
final class TokenizerObject: KernelObject {
    let tokenizer: Tokenizer
    let name: String
    init(_ tokenizer: Tokenizer, name: String) { (self.tokenizer, self.name) = (tokenizer, name) }

    var typeName: String { "Tokenizer" }
    var summary: String {
        let ids = [("bos", tokenizer.bosID), ("eos", tokenizer.eosID), ("pad", tokenizer.padID)].compactMap { label, id in id.map { "\(label) \($0)" } }
        return "Tokenizer(\(name): byte-level BPE, \(tokenizer.vocabularySize) tokens, \(tokenizer.specialTokenIDs.count) special"
            + (ids.isEmpty ? "" : "; " + ids.joined(separator: ", ")) + ")"
    }

    func property(_ member: String, _ interpreter: Interpreter, at: SourceLocation) throws -> Value? {
        func optional(_ id: Int?) -> Value { .optional(id.map(Value.int)) }
        switch member {
        case "vocabularySize": return .int(tokenizer.vocabularySize)
        case "bosID": return optional(tokenizer.bosID)
        case "eosID": return optional(tokenizer.eosID)
        case "padID": return optional(tokenizer.padID)
        default: return nil
        }
    }

    func method(_ member: String, _ args: CallArguments) throws -> Value? {
        switch member {
        case "tokenize":
            if args.count == 2 { try args.expect([nil, "parseSpecial"]) } else { try args.expect([nil]) }
            let parseSpecial = args.count == 2 ? try args.bool(1) : true
            return .array(tokenizer.encode(try args.string(0), parseSpecial: parseSpecial).map(Value.int))
        case "detokenize":
            if args.count == 2 { try args.expect([nil, "skipSpecial"]) } else { try args.expect([nil]) }
            let skipSpecial = args.count == 2 ? try args.bool(1) : false
            let ids = try Self.ids(try args.array(0), vocabulary: tokenizer.vocabularySize, args)
            do {
                return .string(try tokenizer.decode(ids, skipSpecial: skipSpecial))
            } catch {
                throw args.fail("detokenize: \(error)")
            }
        case "id":
            try args.expect([nil])
            return .optional(tokenizer.id(of: try args.string(0)).map(Value.int))
        case "token":
            try args.expect([nil])
            return .optional(tokenizer.token(of: try args.int(0)).map(Value.string))
        default:
            return nil
        }
    }

    /// Token ids from an [Int] value, each inside `0..<vocabulary`.
    static func ids(_ items: [Value], vocabulary: Int, _ args: CallArguments) throws -> [Int] {
        try items.enumerated().map { index, item in
            guard case .int(let id) = item else { throw args.fail("\(args.name): token ids must be Int, element \(index) is '\(item.typeName)'") }
            guard (0..<vocabulary).contains(id) else {
                throw args.fail("\(args.name): token id \(id) at index \(index) is outside the vocabulary (0..<\(vocabulary))")
            }
            return id
        }
    }
}

/// One run of the SQLite store (`runs()`): status, parameters, and its metric series by name.
final class StoredRunObject: KernelObject {
    let record: RunRecord
    let store: RunStore
    init(_ record: RunRecord, store: RunStore) { (self.record, self.store) = (record, store) }

    var typeName: String { "StoredRun" }
    var summary: String {
        let last = ((try? store.metricSummaries(run: record.id)) ?? []).prefix(4).map { "\($0.name) \(String(format: "%.4g", $0.last)) @\($0.lastStep)" }
        return "StoredRun(#\(record.id) \(record.kind) \(record.name.debugDescription), \(record.status.rawValue)"
            + (last.isEmpty ? "" : "; " + last.joined(separator: ", ")) + ")"
    }

    func property(_ member: String, _ interpreter: Interpreter, at: SourceLocation) throws -> Value? {
        switch member {
        case "id": return .int(Int(record.id.rawValue))
        case "kind": return .string(record.kind)
        case "name": return .string(record.name)
        case "status": return .string(record.status.rawValue)
        case "metricNames": return .array(((try? store.metricNames(run: record.id)) ?? []).map(Value.string))
        default: return nil
        }
    }

    func method(_ member: String, _ args: CallArguments) throws -> Value? {
        guard member == "metric" else { return nil }
        try args.expect([nil])
        let name = try args.string(0)
        do {
            return .array(try store.metrics(run: record.id, name: name).map { .tuple([.int($0.step), .double($0.value)], labels: ["step", "value"]) })
        } catch {
            throw args.fail("metric: \(error)")
        }
    }
}
