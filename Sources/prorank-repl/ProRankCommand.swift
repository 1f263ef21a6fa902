// `prorank-repl`: the notebook host's command line. Subcommands (run, repl, tokenize, logits, search, eval,
// models, runs, exec) arrive with the issues that build them; see ../shared/DESIGN.md §8.

import ArgumentParser
import ProRankKit

@main
struct ProRankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prorank-repl",
        abstract: "Run ProRank notebooks: step through, reproduce and extend the ProRank reranking method.",
        discussion: """
            ProRank teaches a small language model a reranking prompt with GRPO, then trains it on its \
            token logits, and evaluates with nDCG@10 (arXiv 2506.03487). Notebooks are Markdown files \
            whose fenced `prorank` cells are a Swift subset.
            """,
        version: ProRankKitInfo.version,
        subcommands: [TokenizeCommand.self, DetokenizeCommand.self, LogitsCommand.self, GenerateCommand.self, SearchCommand.self,
                      EvalCommand.self, ModelsCommand.self, RunsCommand.self, ExecCommand.self]
    )
}
