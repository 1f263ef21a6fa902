// `prorank-repl generate`: continue a prompt with a model (greedy at temperature 0, else seeded sampling).

import ArgumentParser
import Foundation
import ProRankKit

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Print a model's continuation of a prompt (text, or token ids).")

    @Option(help: "A Hugging Face folder, a .gguf file, or a fetched model name.")
    var model: String

    @Option(help: "The prompt text (special tokens such as <|im_start|> are matched whole).")
    var prompt: String?

    @Option(help: "The prompt as comma-separated token ids.")
    var ids: String?

    @Option(help: "Most new tokens to generate.")
    var maxTokens = 64

    @Option(help: "Sampling temperature; 0 is greedy.")
    var temperature: Float = 0

    @Option(help: "Nucleus sampling: keep the smallest set of tokens whose probability reaches P.")
    var topP: Float = 1

    @Option(help: "Random seed for sampling.")
    var seed: UInt64 = 0

    @Flag(help: "Print {\"ids\": [new ids], \"text\": \"…\"}.")
    var json = false

    func validate() throws {
        if (prompt == nil) == (ids == nil) { throw ValidationError("give either --prompt or --ids (exactly one)") }
        if maxTokens < 0 { throw ValidationError("--max-tokens must be ≥ 0, got \(maxTokens)") }
        if temperature < 0 { throw ValidationError("--temperature must be ≥ 0, got \(temperature)") }
        if !(topP > 0 && topP <= 1) { throw ValidationError("--top-p must be in (0, 1], got \(topP)") }
    }

    func run() throws {
        let lm = try Checkpoint.load(model)
        // The tokenizer is needed to read a text prompt and to print text; an --ids run without one prints ids only.
        let tokenizer = prompt != nil || !json ? try Tokenizer.load(model) : try? Tokenizer.load(model)
        let promptIDs = try prompt.map { tokenizer!.encode($0) } ?? parseIDs(ids!, option: "--ids")
        guard !promptIDs.isEmpty else { throw ValidationError("the prompt has no tokens") }
        try checkVocabulary(promptIDs, lm.config.vocabularySize)
        let positions = lm.config.maxPositionEmbeddings
        if promptIDs.count + maxTokens > positions {
            throw ValidationError("\(promptIDs.count) prompt tokens + --max-tokens \(maxTokens) exceed the model's \(positions) positions (hint: --max-tokens \(max(0, positions - promptIDs.count)))")
        }
        var stops = Set(lm.config.eosTokenIDs)
        if let eos = tokenizer?.eosID { stops.insert(eos) }
        var sampler = Sampler(temperature: temperature, topP: topP, seed: seed)
        let generated = lm.generate(prompt: promptIDs, maxNewTokens: maxTokens, sampler: &sampler, stopTokens: stops)
        let text = try tokenizer?.decode(generated, skipSpecial: true) ?? ""
        if json {
            let encoded = String(decoding: try JSONEncoder().encode(text), as: UTF8.self)
            print("{\"ids\": [\(generated.map(String.init).joined(separator: ", "))], \"text\": \(encoded)}")
        } else {
            print(text)
        }
    }
}
