// `bm25`: BM25 on BEIR SciFact (5,183 documents, 300 test queries), the work of ../shared/bench/bm25_ref.py
// (rank_bm25, bm25s) on one thread. Configs as there:
//   plain   English analyzer without stemming (lowercase words, Lucene's 33 stop words), k1 1.5, b 0.75
//   porter  the built-in English analyzer (+ Porter stemmer), k1 0.9, b 0.4 (Anserini's BEIR defaults)
// Lines:
//   bm25_index  index_s        analyse every document (title + " " + text) and build the index, seconds
//   bm25_query  queries_per_s  the 300 test queries: analyse + score + top 100 (BM25Index.search(queries:top:))
//   bm25_ndcg   ndcg@10        trec_eval nDCG@10 of the top-100 run, mean over the 300 queries
// Our analyzer keeps one-letter words (bm25s's regex `\w\w+` drops them) and uses the reference Porter variant
// (PyStemmer's `porter` is the strict 1980 one): the token lists are close to the peer's, not identical.
// As in bm25_ref.py (the BEIR convention), a retrieved document whose id equals the query id is dropped before
// nDCG is computed; `BM25Index` itself never drops it.

import Foundation
import ProRankKit

enum BM25Bench {
    static let name = "bm25"
    static let top = 100
    static let configs: [(name: String, analyzer: Analyzer, k1: Double, b: Double)] = [
        ("plain", Analyzer.english(stemming: false), 1.5, 0.75),
        ("porter", Analyzer.english, 0.9, 0.4),
    ]

    static func run(_ context: BenchContext) {
        let wanted = configs.filter { context.wants($0.name) }
        guard !wanted.isEmpty else { return }
        let folder = TokenizeBench.sharedFolder("PRORANK_DATA", "data").appendingPathComponent("scifact")
        let dataset: Dataset, queries: [Query], qrels: Qrels
        do {
            dataset = try BEIRLoader.load(folder).dataset
            queries = try dataset.queries("test")
            qrels = try dataset.judgements("test")
        } catch {
            progress("bm25: \(error) (skipped; set PRORANK_DATA)")
            return
        }
        progress("bm25: SciFact \(dataset.corpus.count) documents, \(queries.count) test queries, \(qrels.count) judgements")
        for config in wanted {
            let desc = "\(config.name): k1=\(config.k1) b=\(config.b) analyzer=\(config.analyzer.name) stop=en33"
            var index = BM25Index(documents: [], analyzer: config.analyzer)
            let build = Timing.timeReps(reps: context.reps, warmup: 1) {
                index = BM25Index(documents: dataset.corpus, k1: config.k1, b: config.b, analyzer: config.analyzer)
            }
            var line = JSONLine(impl: "prorank", bench: "bm25_index", config: config.name, metric: "index_s", unit: "s",
                                threads: 1, samples: build.secondsPerCall)
            describe(&line, dataset, queries, desc: desc)
            line["terms"] = .int(index.termCount)
            line["calls_per_rep"] = .int(build.callsPerRep)
            line.add(build.load)
            line.emit()

            var run = Run()
            let search = Timing.timeReps(reps: context.reps, warmup: 1) { run = index.search(queries: queries, top: top) }
            line = JSONLine(impl: "prorank", bench: "bm25_query", config: config.name, metric: "queries_per_s", unit: "queries/s",
                            threads: 1, samples: search.rates(work: Double(queries.count)))
            describe(&line, dataset, queries, desc: desc)
            line["calls_per_rep"] = .int(search.callsPerRep)
            line.add(search.load)
            line.emit()

            for (query, ranking) in run.rankings { run.rankings[query] = ranking.filter { $0.id != query } }
            let (ndcg, recall) = evaluate(run, qrels)
            line = JSONLine(impl: "prorank", bench: "bm25_ndcg", config: config.name, metric: "ndcg@10", value: .number(ndcg),
                            unit: "ndcg", threads: 1, reps: 1)
            describe(&line, dataset, queries, desc: desc)
            line["recall_at_100"] = .number(recall)
            line["note"] = .string("trec_eval ndcg_cut.10 (local helper), mean over \(queries.count) test queries; query-id = doc-id dropped")
            line.emit()
        }
    }

    private static func describe(_ line: inout JSONLine, _ dataset: Dataset, _ queries: [Query], desc: String) {
        line["docs"] = .int(dataset.corpus.count)
        line["queries"] = .int(queries.count)
        line["topk"] = .int(top)
        line["desc"] = .string(desc)
    }

    /// Mean nDCG@10 and recall@100 over the judged queries as trec_eval computes them: the ranking re-sorted by
    /// score descending then document id descending, linear gain (the grade), log2(rank + 1) discount, ideal
    /// ranking from the judged grades; recall = relevant retrieved / relevant judged.
    static func evaluate(_ run: Run, _ qrels: Qrels) -> (ndcg: Double, recall: Double) {
        var ndcg = 0.0, recall = 0.0
        for (query, grades) in qrels.judgments {
            let ranked = (run.rankings[query] ?? []).sorted {
                $0.score != $1.score ? $0.score > $1.score : $1.id.utf8.lexicographicallyPrecedes($0.id.utf8)
            }
            var dcg = 0.0
            for (rank, doc) in ranked.prefix(10).enumerated() { dcg += Double(max(grades[doc.id] ?? 0, 0)) / log2(Double(rank) + 2) }
            let relevant = grades.values.filter { $0 > 0 }
            var idcg = 0.0
            for (rank, grade) in relevant.sorted(by: >).prefix(10).enumerated() { idcg += Double(grade) / log2(Double(rank) + 2) }
            ndcg += idcg > 0 ? dcg / idcg : 0
            let found = ranked.prefix(top).filter { (grades[$0.id] ?? 0) > 0 }.count
            recall += relevant.isEmpty ? 0 : Double(found) / Double(relevant.count)
        }
        let n = Double(max(qrels.judgments.count, 1))
        return (ndcg / n, recall / n)
    }
}
