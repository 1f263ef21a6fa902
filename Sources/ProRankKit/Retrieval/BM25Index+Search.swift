// BM25 top-k search: term-at-a-time accumulation into a dense score array, then a bounded heap for the k best.
// Ties are broken by index order (the earlier document first), so a ranking never depends on hashing or threads.

extension BM25Index {
    /// The best `top` documents for a query text, best first: score descending, then index order. Only documents
    /// sharing a term with the query are returned (fewer than `top` when fewer match).
    public func search(_ query: String, top: Int) -> [ScoredDocument] {
        var scratch = Scratch(count: count)
        return rank(query, top: top, scratch: &scratch)
    }

    /// Searches every query and returns a run (one ranking per query id; a query with no matching document gets an
    /// empty ranking). `progress(done, total)` is called after each query.
    ///
    /// BEIR's evaluation additionally drops a document whose id equals the query id (meant for collections whose
    /// queries are corpus documents, e.g. ArguAna, Quora); this does not.
    public func search(queries: [Query], top: Int, tag: String = "bm25",
                       progress: ((Int, Int) -> Void)? = nil) -> Run {
        var scratch = Scratch(count: count)
        var run = Run(tag: tag)
        for (i, query) in queries.enumerated() {
            run.rankings[query.id] = rank(query.text, top: top, scratch: &scratch)
            progress?(i + 1, queries.count)
        }
        return run
    }

    /// `search(queries:top:)` without the label, as a notebook writes it:
    /// `index.search(ds.queries("test"), top: 100)` (DESIGN.md §5).
    public func search(_ queries: [Query], top: Int, tag: String = "bm25") -> Run {
        search(queries: queries, top: top, tag: tag)
    }

    /// The BM25 score of every document for a query text, in index order (0 for documents without a query term).
    public func scores(_ query: String) -> [Double] {
        var scratch = Scratch(count: count)
        accumulate(query, into: &scratch)
        let dense = scratch.scores
        return dense
    }

    /// Per-search working memory, reused across the queries of a batch.
    struct Scratch {
        var scores: [Double]
        /// Documents with a non-zero score, in the order they were first reached.
        var touched: [Int32] = []

        init(count: Int) { scores = [Double](repeating: 0, count: count) }
    }

    /// Distinct analyzed query terms in first-occurrence order, each with its number of occurrences.
    func queryTerms(_ text: String) -> [(term: Int32, count: Int)] {
        var order: [Int32] = []
        var counts: [Int32: Int] = [:]
        for term in analyzer.analyze(text) {
            guard let t = vocabulary[term] else { continue }
            if counts[t] == nil { order.append(t) }
            counts[t, default: 0] += 1
        }
        return order.map { ($0, counts[$0]!) }
    }

    /// Adds every query term's contribution to `scratch.scores`, recording the documents reached.
    func accumulate(_ text: String, into scratch: inout Scratch) {
        let terms = queryTerms(text)
        scratch.scores.withUnsafeMutableBufferPointer { scores in
            postingDocuments.withUnsafeBufferPointer { docs in
                postingImpacts.withUnsafeBufferPointer { impacts in
                    for (t, qtf) in terms {
                        let lo = postingStart[Int(t)], hi = postingStart[Int(t) + 1]
                        let weight = Double(qtf) * idf(documentFrequency: hi - lo)
                        for p in lo..<hi {
                            let d = Int(docs[p])
                            if scores[d] == 0 { scratch.touched.append(Int32(d)) }
                            scores[d] += weight * impacts[p]
                        }
                    }
                }
            }
        }
    }

    /// Scores one query and returns its `top` best documents; leaves `scratch` zeroed for the next query.
    func rank(_ text: String, top: Int, scratch: inout Scratch) -> [ScoredDocument] {
        precondition(top >= 0, "BM25Index.search: top must be ≥ 0, got \(top)")
        accumulate(text, into: &scratch)
        defer {
            for d in scratch.touched { scratch.scores[Int(d)] = 0 }
            scratch.touched.removeAll(keepingCapacity: true)
        }
        let best = scratch.scores.withUnsafeBufferPointer { scores in
            TopK.select(scratch.touched, top: top) { a, b in
                // `a` ranks before `b`.
                let sa = scores[Int(a)], sb = scores[Int(b)]
                return sa > sb || (sa == sb && a < b)
            }
        }
        return best.map { ScoredDocument(id: documentIDs[Int($0)], score: scratch.scores[Int($0)]) }
    }
}

/// Selection of the k first elements under a strict total order.
enum TopK {
    /// The `top` first elements of `items` under `before` (a strict total order), sorted. A binary heap holding
    /// the current k best, worst at the root: O(n log k).
    static func select(_ items: [Int32], top: Int, by before: (Int32, Int32) -> Bool) -> [Int32] {
        if items.count <= top { return items.sorted(by: before) }
        guard top > 0 else { return [] }
        // The k best so far, the worst of them at the root.
        let worstFirst: (Int32, Int32) -> Bool = { before($1, $0) }
        var heap = Array(items[0..<top])
        heap.heapify(by: worstFirst)
        for item in items[top...] where before(item, heap[0]) {
            heap[0] = item
            heap.heapSiftDown(from: 0, by: worstFirst)
        }
        return heap.sorted(by: before)
    }
}
