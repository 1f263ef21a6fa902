// `tokenize`: encoding throughput of the byte-level BPE tokenizer on the SciFact corpus (5 183 documents, each
// title + " " + text, 7.8 MB of UTF-8), one `Tokenizer.encode` per document, no special tokens added. Configs:
//   qwen2_scifact    the Qwen2 / Qwen2.5 tokenizer (NFC, Qwen2 split regex, 151 k vocabulary)
//   smollm2_scifact  the SmolLM2 tokenizer (Digits + GPT-2 split, 49 k vocabulary)
// from ../shared/fixtures/tokenizers. Metric: MB/s of input text (median over reps; one call = the whole corpus).
// Two lines per config:
//   impl "prorank"            steady state: the per-word cache already holds the corpus's words (warm-up call)
//   impl "prorank-coldcache"  a fresh tokenizer's first pass: every distinct word goes through BPE once
// The peer (Benchmarks/peers/tokenize.py) times Hugging Face tokenizers on one thread (impl "hf_tokenizers").
// Data: PRORANK_DATA (holding scifact/) and PRORANK_FIXTURES, else ../shared/{data,fixtures} beside the package.

import Foundation
import ProRankKit

enum TokenizeBench {
    static let name = "tokenize"
    static let configs = [("qwen2_scifact", "qwen2"), ("smollm2_scifact", "smollm2")]
    static let warmup = 1

    static func run(_ context: BenchContext) {
        let wanted = configs.filter { context.wants($0.0) }
        guard !wanted.isEmpty else { return }
        let corpusURL = sharedFolder("PRORANK_DATA", "data").appendingPathComponent("scifact/corpus.jsonl")
        guard let documents = loadCorpus(corpusURL) else {
            progress("tokenize: \(corpusURL.path) not found or unreadable; set PRORANK_DATA (skipped)")
            return
        }
        let bytes = documents.reduce(0) { $0 + $1.utf8.count }
        for (config, tokenizerName) in wanted {
            let file = sharedFolder("PRORANK_FIXTURES", "fixtures").appendingPathComponent("tokenizers/\(tokenizerName)/tokenizer.json")
            progress("tokenize \(config): \(documents.count) documents, \(bytes) bytes, \(file.path)")
            let tokenizer: Tokenizer
            let loadStart = Timing.now()
            do { tokenizer = try Tokenizer(contentsOf: file) } catch {
                progress("tokenize \(config): \(error) (skipped)")
                continue
            }
            let loadSeconds = Timing.now() - loadStart
            var tokens = 0
            let encodeAll = { tokens = documents.reduce(0) { $0 + tokenizer.encode($1).count } }
            // Cold cache: each repetition encodes the corpus once with a tokenizer that has seen nothing.
            var coldSeconds: [Double] = []
            let coldMeter = LoadMeter.start()
            for _ in 0..<context.reps {
                guard let fresh = try? Tokenizer(contentsOf: file) else { break }
                let t0 = Timing.now()
                for d in documents { _ = fresh.encode(d) }
                coldSeconds.append(Timing.now() - t0)
            }
            let coldLoad = coldMeter.stop()
            let warm = Timing.timeReps(reps: context.reps, warmup: warmup, encodeAll)

            var line = JSONLine(impl: "prorank", bench: name, config: config, metric: "mb_per_s", unit: "MB/s",
                                threads: 1, samples: warm.rates(work: Double(bytes) / 1e6))
            describe(&line, documents: documents.count, bytes: bytes, tokens: tokens)
            line["calls_per_rep"] = .int(warm.callsPerRep)
            line["load_s"] = .number(loadSeconds)
            line.add(warm.load)
            line["note"] = .string("Tokenizer.encode per document (title + \" \" + text), parseSpecial true, word cache warm")
            line.emit()

            var cold = JSONLine(impl: "prorank-coldcache", bench: name, config: config, metric: "mb_per_s", unit: "MB/s",
                                threads: 1, samples: coldSeconds.map { Double(bytes) / 1e6 / $0 })
            describe(&cold, documents: documents.count, bytes: bytes, tokens: tokens)
            cold.add(coldLoad)
            cold["note"] = .string("as prorank, but each rep is the first pass of a freshly loaded tokenizer (empty word cache)")
            cold.emit()
        }
    }

    private static func describe(_ line: inout JSONLine, documents: Int, bytes: Int, tokens: Int) {
        line["documents"] = .int(documents)
        line["bytes"] = .int(bytes)
        line["tokens"] = .int(tokens)
    }

    /// `$variable`, else `<package root>/../shared/<folder>` (this file is <root>/Sources/prorank-bench/…).
    static func sharedFolder(_ variable: String, _ folder: String) -> URL {
        if let path = ProcessInfo.processInfo.environment[variable], !path.isEmpty { return URL(fileURLWithPath: path) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.deletingLastPathComponent().appendingPathComponent("shared").appendingPathComponent(folder)
    }

    /// title + " " + text of every line of a BEIR corpus.jsonl, in file order.
    static func loadCorpus(_ url: URL) -> [String]? {
        // JSONDecoder rather than JSONSerialization, which drops a U+FEFF that starts a string.
        struct Document: Decodable { let title: String?; let text: String? }
        guard let data = try? Data(contentsOf: url) else { return nil }
        var documents: [String] = []
        let decoder = JSONDecoder()
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            guard let d = try? decoder.decode(Document.self, from: Data(line)) else { return nil }
            documents.append((d.title ?? "") + " " + (d.text ?? ""))
        }
        return documents
    }
}
