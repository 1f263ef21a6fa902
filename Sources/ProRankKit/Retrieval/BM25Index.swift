// BM25 first-stage retrieval: an in-memory inverted index over `Document.content` (title + " " + text) with
// contiguous postings, and top-k search with a deterministic tie order.
//
// Why in memory rather than SQLite FTS5: the collections this project runs on are small (SciFact: 5,183 documents,
// 26,371 distinct terms after analysis), so the whole index fits in a few contiguous arrays that build in well
// under a second and are scored term-at-a-time into one dense accumulator with no I/O or SQL in the loop. FTS5 would
// impose its own tokenizer (a custom analyzer such as the Porter variant here, or a notebook's closure, would have
// to be a C extension), its bm25() hard-codes k1 = 1.2, b = 0.75 and the Robertson–Spärck Jones IDF, and it
// returns ranks through a query planner that cannot be told our tie order. Persisting an index is not needed:
// measured with prorank-bench (BM25Bench, release, one thread, 2026-11-29), SciFact's index builds in 0.49 s
// (analysis included) and answers ~16,800 queries/s for top 100 (bm25s on the same machine: 0.90 s, ~4,200/s).

import Foundation

/// An Okapi BM25 index, Lucene variant (as Lucene ≥ 8's `BM25Similarity`, Anserini and bm25s `method="lucene"`).
///
/// For a query q and a document d of length |d| (its number of terms after analysis) in a collection of N
/// documents with mean length avgdl:
///
/// ```
/// score(q, d) = Σ_{t ∈ q} qtf(t) · idf(t) · tf(t,d) / (tf(t,d) + k1 · (1 − b + b · |d| / avgdl))
/// idf(t)      = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5))
/// ```
///
/// - The IDF is always positive (no floor is needed, unlike rank_bm25's `BM25Okapi`, whose Robertson–Spärck Jones
///   IDF goes negative for terms in more than half of the documents and is floored at ε · mean idf).
/// - There is no `(k1 + 1)` factor in the numerator (Lucene dropped it in version 8; it scales every score alike
///   and does not change rankings).
/// - Document lengths are exact (Lucene stores them lossily in one byte; bm25s keeps them exact).
/// - qtf(t) is the number of times t occurs in the query (Anserini's bag-of-words query weights a repeated term
///   by its count).
/// - Only documents sharing at least one term with the query are returned.
///
/// Defaults k1 = 0.9, b = 0.4 are Anserini's BEIR baselines (Robertson & Zaragoza's usual 1.2/0.75 are a choice).
///
/// ### References
/// - S. Robertson, H. Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond", FnTIR 3(4), 2009.
/// - C. Kamphuis, A. de Vries, L. Boytsov, J. Lin, "Which BM25 Do You Mean? A Large-Scale Reproducibility Study
///   of Scoring Variants", ECIR 2020 (the "Lucene" variant above).
public struct BM25Index: Sendable {
    public let k1: Double
    public let b: Double
    public let analyzer: Analyzer
    /// Document ids in index order (the input order); ties in a ranking go to the earlier document.
    public let documentIDs: [String]
    /// Number of terms of each document after analysis.
    public let documentLengths: [Int32]
    public let averageDocumentLength: Double

    /// Term → term number.
    let vocabulary: [String: Int32]
    /// Postings of term t: `postingDocuments[postingStart[t] ..< postingStart[t + 1]]`, by increasing document.
    let postingStart: [Int]
    let postingDocuments: [Int32]
    /// tf(t,d) of each posting.
    let postingFrequencies: [Int32]
    /// tf / (tf + k1 · (1 − b + b · |d| / avgdl)) of each posting, fixed once k1 and b are: a query only adds
    /// `qtf · idf · impact`.
    let postingImpacts: [Double]

    /// Number of documents.
    public var count: Int { documentIDs.count }
    /// Number of distinct terms.
    public var termCount: Int { vocabulary.count }

    /// Indexes `documents` (their `content`: title, a space, text). `progress(done, total)` is called every 1,000
    /// documents and at the end.
    public init(documents: [Document], k1: Double = 0.9, b: Double = 0.4, analyzer: Analyzer = .english,
                progress: ((Int, Int) -> Void)? = nil) {
        precondition(k1 >= 0 && (0...1).contains(b), "BM25Index: needs k1 ≥ 0 and 0 ≤ b ≤ 1, got k1 \(k1), b \(b)")
        self.k1 = k1
        self.b = b
        self.analyzer = analyzer
        documentIDs = documents.map(\.id)

        // Pass 1: each document's distinct terms with their frequencies, in one flat list.
        var vocabulary: [String: Int32] = [:]
        var documentFrequency: [Int] = []
        var lengths = [Int32](repeating: 0, count: documents.count)
        var docTermStart = [Int](repeating: 0, count: documents.count + 1)
        var docTerms: [Int32] = [], docFrequencies: [Int32] = []
        var ids: [Int32] = []
        for (d, document) in documents.enumerated() {
            ids.removeAll(keepingCapacity: true)
            for term in analyzer.analyze(document.content) {
                if let id = vocabulary[term] { ids.append(id) } else {
                    let id = Int32(vocabulary.count)
                    vocabulary[term] = id
                    documentFrequency.append(0)
                    ids.append(id)
                }
            }
            lengths[d] = Int32(ids.count)
            ids.sort()
            var i = 0
            while i < ids.count {
                var j = i + 1
                while j < ids.count && ids[j] == ids[i] { j += 1 }
                docTerms.append(ids[i])
                docFrequencies.append(Int32(j - i))
                documentFrequency[Int(ids[i])] += 1
                i = j
            }
            docTermStart[d + 1] = docTerms.count
            if let progress, (d + 1) % 1000 == 0 || d + 1 == documents.count { progress(d + 1, documents.count) }
        }

        // Pass 2: scatter into postings, term-major (documents stay in increasing order within a term).
        var start = [Int](repeating: 0, count: documentFrequency.count + 1)
        for t in 0..<documentFrequency.count { start[t + 1] = start[t] + documentFrequency[t] }
        let total = docTerms.count
        let totalLength = lengths.reduce(0) { $0 + Int($1) }
        let avgdl = documents.isEmpty ? 0 : Double(totalLength) / Double(documents.count)
        var postingDocuments = [Int32](repeating: 0, count: total)
        var postingFrequencies = [Int32](repeating: 0, count: total)
        var postingImpacts = [Double](repeating: 0, count: total)
        var cursor = start
        postingDocuments.withUnsafeMutableBufferPointer { pDocs in
            postingFrequencies.withUnsafeMutableBufferPointer { pFreqs in
                postingImpacts.withUnsafeMutableBufferPointer { pImpacts in
                    for d in 0..<documents.count {
                        // avgdl is 0 only when every document is empty; then no posting exists.
                        let norm = k1 * (1 - b + b * Double(lengths[d]) / max(avgdl, .leastNormalMagnitude))
                        for p in docTermStart[d]..<docTermStart[d + 1] {
                            let t = Int(docTerms[p])
                            let slot = cursor[t]
                            cursor[t] += 1
                            let tf = docFrequencies[p]
                            pDocs[slot] = Int32(d)
                            pFreqs[slot] = tf
                            pImpacts[slot] = Double(tf) / (Double(tf) + norm)
                        }
                    }
                }
            }
        }
        self.vocabulary = vocabulary
        self.postingStart = start
        self.postingDocuments = postingDocuments
        self.postingFrequencies = postingFrequencies
        self.postingImpacts = postingImpacts
        self.documentLengths = lengths
        self.averageDocumentLength = avgdl
    }

    /// df(t): the number of documents holding the (already analyzed) term.
    public func documentFrequency(_ term: String) -> Int {
        guard let t = vocabulary[term] else { return 0 }
        return postingStart[Int(t) + 1] - postingStart[Int(t)]
    }

    /// idf(t) = ln(1 + (N − df + 0.5) / (df + 0.5)) of an analyzed term (that of df = 0 for an unknown term).
    public func idf(_ term: String) -> Double { idf(documentFrequency: documentFrequency(term)) }

    func idf(documentFrequency df: Int) -> Double {
        log(1 + (Double(count) - Double(df) + 0.5) / (Double(df) + 0.5))
    }

    /// tf(t, d) of an analyzed term in the document at `index`.
    public func termFrequency(_ term: String, document index: Int) -> Int {
        guard let t = vocabulary[term] else { return 0 }
        let postings = postingDocuments[postingStart[Int(t)]..<postingStart[Int(t) + 1]]
        var lo = postings.startIndex, hi = postings.endIndex
        while lo < hi {
            let mid = (lo + hi) / 2
            if postings[mid] < Int32(index) { lo = mid + 1 } else { hi = mid }
        }
        return lo < postings.endIndex && postings[lo] == Int32(index) ? Int(postingFrequencies[lo]) : 0
    }
}
