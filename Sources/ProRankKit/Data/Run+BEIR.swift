// Runs in BEIR's results format: a JSON object `{qid: {docid: score}}` (what BEIR's retrievers return and
// `EvaluateRetrieval.evaluate` takes), read and written.

import Foundation

extension Run {
    /// Reads BEIR results JSON, e.g.
    /// ```
    /// {"q1": {"d3": 12.5, "d7": 11.0}, "q2": {"d1": 3}}
    /// ```
    /// The object carries no order, so each query's documents are stored in trec_eval's order (score
    /// descending, then id descending byte-wise); the run tag is `tag`.
    public static func readBEIRResults(_ url: URL, tag: String = "beir") throws -> Run {
        let path = url.path
        guard let data = try? Data(contentsOf: url) else {
            throw DataError.fileNotFound(path: path, hint: "give a BEIR results file {qid: {docid: score}}")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw DataError.invalidValue("\(path): not valid JSON (\((error as NSError).localizedDescription)) (hint: BEIR results are {qid: {docid: score}})")
        }
        guard let queries = object as? [String: Any] else {
            throw DataError.invalidValue("\(path): the top level is not a JSON object (hint: BEIR results are {qid: {docid: score}})")
        }
        var run = Run(tag: tag)
        for (query, value) in queries {
            guard let documents = value as? [String: Any] else {
                throw DataError.invalidValue("\(path): query \"\(query)\": expected an object {docid: score}")
            }
            var ranking: [ScoredDocument] = []
            ranking.reserveCapacity(documents.count)
            for (document, score) in documents {
                guard let number = score as? NSNumber else {
                    throw DataError.invalidValue("\(path): query \"\(query)\", document \"\(document)\": score \(score) is not a number")
                }
                ranking.append(ScoredDocument(id: document, score: number.doubleValue))
            }
            run.rankings[query] = JudgedRanking.trecOrder(ranking)
        }
        return run
    }

    /// BEIR results JSON of this run (queries and documents in byte-wise order, so the text is deterministic).
    public func beirResultsJSON() throws -> Data {
        let object = rankings.mapValues { Dictionary($0.map { ($0.id, $0.score) }, uniquingKeysWith: { first, _ in first }) }
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }
}
