// `prorank-repl tokenize` / `detokenize`: text ↔ token ids with a model's tokenizer (stable interface).

import ArgumentParser
import Foundation
import ProRankKit

struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Print the token ids of a text as a JSON array (nothing is added: no BOS/EOS).")

    @Option(help: "A tokenizer.json, a folder holding one, a .gguf file, or a fetched model name.")
    var tokenizer: String

    @Flag(help: "Treat special tokens written in the text (e.g. <|im_start|>) as ordinary text.")
    var noSpecial = false

    @Flag(help: "Read the text from standard input instead of the argument.")
    var stdin = false

    @Argument(help: "The text to tokenize.")
    var text: String?

    func validate() throws {
        if stdin == (text != nil) { throw ValidationError("give either TEXT or --stdin (exactly one)") }
    }

    func run() throws {
        let input = try text ?? {
            guard let string = String(data: FileHandle.standardInput.readDataToEndOfFile(), encoding: .utf8) else {
                throw ValidationError("standard input is not valid UTF-8")
            }
            return string
        }()
        let ids = try Tokenizer.load(tokenizer).encode(input, parseSpecial: !noSpecial)
        print("[" + ids.map(String.init).joined(separator: ",") + "]")
    }
}

struct DetokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detokenize",
        abstract: "Print the text of comma-separated token ids.")

    @Option(help: "A tokenizer.json, a folder holding one, a .gguf file, or a fetched model name.")
    var tokenizer: String

    @Option(help: "Comma-separated token ids, e.g. 1,2,3.")
    var ids: String

    @Flag(help: "Leave out special tokens.")
    var skipSpecial = false

    func run() throws {
        let tokens = try parseIDs(ids, option: "--ids")
        print(try Tokenizer.load(tokenizer).decode(tokens, skipSpecial: skipSpecial))
    }
}
