// `prorank-repl logits`: a model's logits, loss and gradient norms for given token ids, as JSON (a stable
// interface: checks compare it with transformers).

import ArgumentParser
import Foundation
import ProRankKit

struct LogitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logits",
        abstract: "Print a model's logits (and optionally loss and gradient norms) for token ids, as JSON.",
        discussion: """
            Output: {"positions": [..], "logits": [[V floats] per position], "loss": x, "gradNorms": {"<HF name>": l2}}. \
            loss is the mean next-token cross-entropy over the sequence; gradNorms are the L2 norms of each \
            parameter's gradient of that loss, named as transformers' model.named_parameters().
            """
    )

    @Option(help: "A Hugging Face folder, a .gguf file, or a fetched model name.")
    var model: String

    @Option(help: "Comma-separated token ids, e.g. 1,2,3.")
    var ids: String

    @Option(help: "last, all, or comma-separated positions (0-based).")
    var positions = "last"

    @Flag(help: "Also print the mean next-token cross-entropy.")
    var loss = false

    @Flag(help: "Also print the L2 norm of every parameter's gradient of the loss (implies --loss).")
    var gradNorms = false

    func run() throws {
        let tokens = try parseIDs(ids, option: "--ids")
        let lm = try Checkpoint.load(model)
        try checkVocabulary(tokens, lm.config.vocabularySize)
        let chosen: [Int]
        switch positions {
        case "last": chosen = [tokens.count - 1]
        case "all": chosen = Array(tokens.indices)
        default:
            chosen = try parseIDs(positions, option: "--positions")
            if let bad = chosen.first(where: { $0 >= tokens.count }) {
                throw ValidationError("--positions: position \(bad) is past the end of the \(tokens.count) ids")
            }
        }
        let wantsLoss = loss || gradNorms
        if wantsLoss && tokens.count < 2 { throw ValidationError("--loss needs at least 2 ids (it predicts each next token)") }

        // One forward pass serves the logits and the loss (with autodiff only when gradient norms are asked for).
        let hidden = gradNorms ? lm.forward([tokens]).hidden : withoutGrad { lm.forward([tokens]).hidden }
        let logits = withoutGrad { lm.logits(hidden, positions: chosen) }
        let v = lm.config.vocabularySize
        var json = "{\"positions\": [\(chosen.map(String.init).joined(separator: ", "))], \"logits\": ["
        json += chosen.indices.map { row in
            "[" + logits.scalars[(row * v)..<((row + 1) * v)].map { jsonNumber($0) }.joined(separator: ", ") + "]"
        }.joined(separator: ", ") + "]"
        if wantsLoss {
            let value = gradNorms ? lm.loss(hidden: hidden, batch: [tokens]) : withoutGrad { lm.loss(hidden: hidden, batch: [tokens]) }
            json += ", \"loss\": \(jsonNumber(value.item))"
            if gradNorms {
                value.backward()
                json += ", \"gradNorms\": {" + lm.parameters.named.map { name, tensor in
                    let norm = (tensor.grad?.scalars ?? []).reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
                    return "\"\(name)\": \(norm)"
                }.joined(separator: ", ") + "}"
            }
        }
        print(json + "}")
    }
}

/// Parses "1,2,3" into integers, naming the option and the bad item in errors.
func parseIDs(_ text: String, option: String) throws -> [Int] {
    let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    guard !text.isEmpty else { throw ValidationError("\(option) is empty; give comma-separated integers such as 1,2,3") }
    return try items.map { item in
        guard let value = Int(item), value >= 0 else {
            throw ValidationError("\(option): \"\(item)\" is not a non-negative integer (expected e.g. 1,2,3)")
        }
        return value
    }
}

/// Rejects ids outside the model's vocabulary, naming the first one.
func checkVocabulary(_ ids: [Int], _ vocabularySize: Int) throws {
    if let bad = ids.first(where: { $0 >= vocabularySize }) {
        throw ValidationError("token id \(bad) is outside the model's vocabulary of \(vocabularySize)")
    }
}

/// A Float as a JSON number with enough digits to round-trip (NaN and infinities, which JSON lacks, as null).
func jsonNumber(_ x: Float) -> String { x.isFinite ? "\(x)" : "null" }
