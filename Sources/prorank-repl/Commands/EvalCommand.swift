// `prorank-repl eval --qrels FILE --run FILE [--metrics …] [--by-query] [--json]`: trec_eval-exact metrics of a
// run (stable interface, ../shared/DESIGN.md §8). Text output follows trec_eval (`metric<TAB>query<TAB>value`,
// the means under `all`); `--json` prints {"mean": {metric: value}, "perQuery": {qid: {metric: value}}}.

import ArgumentParser
import Foundation
import ProRankKit

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a run against relevance judgements exactly as trec_eval / pytrec_eval (BEIR) do.",
        discussion: """
            Queries evaluated are those in both the qrels and the run; a judged query with no relevant \
            documents scores 0; unjudged documents are not relevant; ties are broken by document id \
            descending, as in trec_eval. Metrics: \(Metric.supportedNames).
            """)

    @Option(name: .customLong("qrels"), help: "Relevance judgements: TREC qrels (qid 0 docid grade) or BEIR qrels/<split>.tsv (with header).")
    var qrelsPath: String

    @Option(name: .customLong("run"), help: "The run: a TREC run (qid Q0 docid rank score tag) or BEIR results JSON {qid: {docid: score}}.")
    var runPath: String

    @Option(help: "Comma-separated metrics; results are keyed by these names as written.")
    var metrics = "ndcg@10,map,recip_rank,recall@100,P@10"

    @Flag(help: "Print every query's values as well as the means.")
    var byQuery = false

    @Flag(help: "Print JSON {\"mean\": {metric: value}, \"perQuery\": {qid: {metric: value}}} (perQuery always filled).")
    var json = false

    func run() throws {
        let metricList = try Metric.parseList(metrics)
        let judgments = try Qrels.read(URL(fileURLWithPath: qrelsPath))
        let runURL = URL(fileURLWithPath: runPath)
        let ranked = try EvalCommand.looksLikeJSON(runURL) ? Run.readBEIRResults(runURL) : Run.read(runURL)
        let evaluation = evaluate(ranked, judgments, metrics: metricList)
        if evaluation.queryIDs.isEmpty {
            FileHandle.standardError.write(Data("warning: no query is in both \(qrelsPath) and \(runPath); every mean is 0\n".utf8))
        }
        print(json ? EvalCommand.json(evaluation) : evaluation.trecText(byQuery: byQuery), terminator: json ? "\n" : "")
    }

    /// A run file whose first non-blank byte is `{` is BEIR results JSON.
    static func looksLikeJSON(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        return head.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } == UInt8(ascii: "{")
    }

    /// The JSON interface, written by hand so that metrics keep the order given and values print as the
    /// shortest text that reads back as the same Double.
    static func json(_ evaluation: Evaluation) -> String {
        func object(_ values: [String: Double]) -> String {
            "{" + evaluation.metrics.map { "\(quoted($0.name)): \(number(values[$0.name] ?? 0))" }.joined(separator: ", ") + "}"
        }
        let perQuery = evaluation.queryIDs.map { "\(quoted($0)): \(object(evaluation.perQuery[$0] ?? [:]))" }
        return "{\"mean\": \(object(evaluation.mean)), \"perQuery\": {" + perQuery.joined(separator: ", ") + "}}"
    }

    private static func number(_ value: Double) -> String { value.isFinite ? "\(value)" : "null" }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
