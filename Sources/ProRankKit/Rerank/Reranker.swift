// Scoring query–document pairs with a decoder LM (reference/method.md, "Score"):
//
//     s(q, d) = z["1"] − z["0"]   at the prompt's last position (right after "<|im_start|>assistant\n")
//
// computed as h_last · (W["1"] − W["0"]): only two rows of the LM head, never the whole vocabulary. Prompts are
// scored in batches, left-padded to the longest prompt of the batch rounded up to a multiple of 8 (as the
// benchmark and mxbai-rerank do), with padding masked out of attention; positions count from the first column,
// padding included (RoPE is relative, so a row's score does not depend on its padding beyond rounding).

/// Scores pairs and reranks first-stage runs with one model and prompt.
public struct Reranker {
    public let model: DecoderLM
    public let prompt: RerankPrompt
    /// Prompts per forward pass.
    public var batchSize: Int
    /// Cached outputs of a frozen trunk this model shares (a `.lastLayers(n)` model): only the top layers run.
    public var trunkCache: TrunkCache?

    public init(model: DecoderLM, prompt: RerankPrompt, batchSize: Int = 8, trunkCache: TrunkCache? = nil) throws {
        guard batchSize >= 1 else { throw RerankError.invalidArgument("batchSize must be ≥ 1, got \(batchSize)") }
        let vocabulary = model.config.vocabularySize
        guard prompt.zeroID < vocabulary, prompt.oneID < vocabulary else {
            throw RerankError.tokenizer("the answer ids \(prompt.zeroID) and \(prompt.oneID) are outside the model's vocabulary (0..<\(vocabulary)): is this the model's tokenizer?")
        }
        (self.model, self.prompt, self.batchSize) = (model, prompt, batchSize)
        if let trunkCache {
            guard trunkCache.serves(model) else {
                throw RerankError.invalidArgument("the trunk cache was made for another model's frozen layers")
            }
            self.trunkCache = trunkCache
        }
    }

    /// The id padding columns hold (masked; it only has to be a valid id).
    var padID: Int { model.config.padTokenID ?? prompt.tokenizer.padID ?? prompt.tokenizer.eosID ?? 0 }

    /// Scores of prompts given as token ids, in order (no autodiff).
    public func scores(prompts: [[Int]]) throws -> [Float] {
        let vocabulary = model.config.vocabularySize, positions = model.config.maxPositionEmbeddings
        for (i, ids) in prompts.enumerated() {
            guard !ids.isEmpty else { throw RerankError.invalidArgument("prompt \(i) is empty") }
            if let bad = ids.first(where: { $0 < 0 || $0 >= vocabulary }) {
                throw RerankError.invalidArgument("prompt \(i) holds token id \(bad), outside the vocabulary (0..<\(vocabulary))")
            }
            guard ids.count <= positions else {
                throw RerankError.invalidArgument("prompt \(i) has \(ids.count) tokens, more than the model's \(positions) positions (lower maxDocumentTokens)")
            }
        }
        var result: [Float] = []
        result.reserveCapacity(prompts.count)
        var start = 0
        while start < prompts.count {
            let batch = Array(prompts[start..<min(prompts.count, start + batchSize)])
            if let trunkCache {
                result += try withoutGrad { try trunkCache.scores(batch, scorer: model, one: prompt.oneID, zero: prompt.zeroID).scalars }
            } else {
                result += withoutGrad { scores(batch: batch) }
            }
            start += batchSize
        }
        return result
    }

    /// Scores of query–document pairs (document text as `Document.content`: title, a space, text).
    public func scores(_ pairs: [(query: String, document: String)]) throws -> [Float] {
        try scores(prompts: pairs.map { prompt.ids(query: $0.query, document: $0.document) })
    }

    /// One forward pass over a left-padded batch; the rows' z["1"] − z["0"] at the last column.
    func scores(batch: [[Int]]) -> [Float] {
        let longest = batch.map(\.count).max()!
        let width = min(model.config.maxPositionEmbeddings, (longest + 7) / 8 * 8)
        let padding = batch.map { width - $0.count }
        let rows = zip(batch, padding).map { Array(repeating: padID, count: $1) + $0 }
        let hidden = model.forward(rows, leftPadding: padding.contains { $0 > 0 } ? padding : nil).hidden
        let z = model.logits(hidden, position: width - 1, vocabularyRows: [prompt.oneID, prompt.zeroID]).scalars  // [B, 2]
        return (0..<batch.count).map { z[2 * $0] - z[2 * $0 + 1] }
    }

    /// `run` with each query's first `top` documents reordered by score (descending; ties keep the first-stage
    /// order); documents past `top` are dropped, as in BEIR's reranking evaluation. Queries and documents are
    /// looked up in `dataset`; a run naming one it lacks is an error. `shouldContinue` is told the pairs scored so
    /// far after each query; answering false stops with `RerankError.cancelled`.
    public func rerank(_ run: Run, dataset: Dataset, top: Int,
                       shouldContinue: (_ done: Int, _ total: Int) -> Bool = { _, _ in true }) throws -> Run {
        guard top >= 1 else { throw RerankError.invalidArgument("top must be ≥ 1, got \(top)") }
        let queries = Dictionary(dataset.allQueries.map { ($0.id, $0.text) }, uniquingKeysWith: { first, _ in first })
        let documents = Dictionary(dataset.corpus.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var reranked = Run(tag: run.tag.isEmpty ? "prorank" : run.tag + "+prorank")
        let total = run.queryIDs.reduce(0) { $0 + min(top, run.rankings[$1]?.count ?? 0) }
        var done = 0
        for queryID in run.queryIDs {
            guard let query = queries[queryID] else {
                throw RerankError.invalidArgument("the run's query \"\(queryID)\" is not in \(dataset.name)")
            }
            let candidates = Array((run.rankings[queryID] ?? []).prefix(top))
            let prompts = try candidates.map { hit -> [Int] in
                guard let document = documents[hit.id] else {
                    throw RerankError.invalidArgument("the run's document \"\(hit.id)\" (query \"\(queryID)\") is not in \(dataset.name)")
                }
                return prompt.ids(query: query, document: document.content)
            }
            let s = try scores(prompts: prompts)
            let order = s.indices.sorted { s[$0] > s[$1] || (s[$0] == s[$1] && $0 < $1) }
            reranked.rankings[queryID] = order.map { ScoredDocument(id: candidates[$0].id, score: Double(s[$0])) }
            done += candidates.count
            guard shouldContinue(done, total) else { throw RerankError.cancelled(done: done, total: total) }
        }
        return reranked
    }
}
