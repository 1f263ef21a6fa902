// Finding a model's tokenizer: a tokenizer.json, a folder holding one, a GGUF file's vocabulary metadata, or a
// fetched model's name.

import Foundation

extension Tokenizer {
    /// The tokenizer an argument names: a `tokenizer.json` file, a folder holding one, a `.gguf` file (its
    /// `tokenizer.ggml.*` metadata), or the name of a model in the store.
    public static func load(_ argument: String, store: ModelStore = ModelStore()) throws -> Tokenizer {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) {
            let url = URL(fileURLWithPath: argument)
            if !isDirectory.boolValue && !argument.hasSuffix(".gguf") { return try Tokenizer(contentsOf: url) }
            let json = url.appendingPathComponent("tokenizer.json")
            if isDirectory.boolValue && FileManager.default.fileExists(atPath: json.path) { return try Tokenizer(contentsOf: json) }
        }
        switch try store.resolve(argument) {
        case .huggingFaceFolder(let folder):
            return try Tokenizer(contentsOf: folder.appendingPathComponent("tokenizer.json"))
        case .gguf(let url):
            return try Tokenizer(gguf: GGUFFile(url: url))
        }
    }

    /// The tokenizer stored in a GGUF file's metadata (`tokenizer.ggml.model` must be "gpt2": byte-level BPE).
    public convenience init(gguf file: GGUFFile) throws {
        func key(_ name: String) -> GGUFValue? { file.metadata["tokenizer.ggml.\(name)"] }
        guard let model = key("model")?.string else {
            throw ModelError.unsupported("\(file.name): no tokenizer.ggml.model metadata (the file carries no tokenizer)")
        }
        guard model == "gpt2" else {
            throw ModelError.unsupported("\(file.name): tokenizer.ggml.model \"\(model)\" is not supported (only byte-level BPE, \"gpt2\")")
        }
        guard let tokens = key("tokens")?.strings, let merges = key("merges")?.strings else {
            throw ModelError.unsupported("\(file.name): tokenizer.ggml.tokens or tokenizer.ggml.merges is missing")
        }
        try self.init(tokens: tokens, tokenTypes: key("token_type")?.ints ?? [], merges: merges,
                      preTokenizer: key("pre")?.string ?? "gpt2",
                      bosID: key("bos_token_id")?.int, eosID: key("eos_token_id")?.int, padID: key("padding_token_id")?.int)
    }
}
