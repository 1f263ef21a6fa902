// `prorank-repl search`: BM25 over a BEIR folder, written as a TREC run (stable interface, DESIGN.md §8).
//
//   prorank-repl search --data ../shared/data/scifact --split test --top 1000 > bm25.trec
//
// Run lines are `qid Q0 docid rank score tag`, queries in byte-wise id order, documents best first (score
// descending, then corpus order). Loader warnings and, on a terminal, one updating progress line go to stderr.

import ArgumentParser
import Foundation
import ProRankKit

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Rank a BEIR collection's documents for the queries of a split with BM25; print a TREC run.",
        discussion: """
            BM25 is the Lucene variant (idf = ln(1 + (N − df + 0.5)/(df + 0.5))) over title + " " + text, \
            analysed with the built-in English analyzer (lowercase words, Lucene's 33 stop words, Porter \
            stemmer). Unlike BEIR's evaluation script, a document whose id equals the query id is not dropped.
            """)

    @Option(help: "A BEIR folder: corpus.jsonl, queries.jsonl, qrels/<split>.tsv (each may be .gz).")
    var data: String

    @Option(help: "The split whose judged queries are searched.")
    var split = "test"

    @Option(help: "Documents per query.")
    var top = 1000

    @Option(help: "BM25 k1 (term-frequency saturation).")
    var k1 = 0.9

    @Option(help: "BM25 b (document-length normalisation, 0…1).")
    var b = 0.4

    @Option(help: "The run tag (last column).")
    var tag = "bm25"

    @Option(help: "Write the run to this file instead of standard output.")
    var out: String?

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1, got \(top)") }
        if k1 < 0 { throw ValidationError("--k1 must be ≥ 0, got \(k1)") }
        if !(0...1).contains(b) { throw ValidationError("--b must be between 0 and 1, got \(b)") }
        if tag.contains(where: \.isWhitespace) { throw ValidationError("--tag must not contain spaces") }
    }

    func run() throws {
        let progress = ProgressLine(enabled: isatty(STDERR_FILENO) != 0)
        progress.show("search: loading \(data)")
        let loaded = try BEIRLoader.load(URL(fileURLWithPath: data))
        for warning in loaded.warnings { progress.print("\(warning)") }
        let dataset = loaded.dataset
        let queries = try dataset.queries(split)
        let index = BM25Index(documents: dataset.corpus, k1: k1, b: b) { done, total in
            progress.show("search: indexed \(done)/\(total) documents")
        }
        let run = index.search(queries: queries, top: top, tag: tag) { done, total in
            if done % 50 == 0 || done == total { progress.show("search: \(done)/\(total) queries") }
        }
        progress.finish()
        if let out {
            do { try run.write(to: URL(fileURLWithPath: out)) } catch {
                throw ValidationError("cannot write \(out): \(error.localizedDescription)")
            }
        } else {
            FileHandle.standardOutput.write(Data(run.trecText.utf8))
        }
    }
}

/// One updating line on a terminal's stderr (nothing when stderr is not a terminal); other messages go above it.
private final class ProgressLine {
    let enabled: Bool
    private var shown = false

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ text: String) {
        guard enabled else { return }
        write("\r\u{1B}[K" + text)
        shown = true
    }

    /// A message on its own line (always written, terminal or not).
    func print(_ text: String) {
        if shown { write("\r\u{1B}[K") }
        write(text + "\n")
        shown = false
    }

    func finish() {
        if shown { write("\r\u{1B}[K") }
        shown = false
    }

    private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
