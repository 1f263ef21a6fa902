// A synthetic retrieval collection generated from a seed: the default data of the first notebook, so a fresh
// clone runs the whole method with no download. Built to have a known vocabulary gap that BM25 cannot cross
// and a model trained on the corpus can.
//
// How it is made (knobs in SyntheticCollection+Parameters.swift):
// - Vocabularies of distinct pronounceable pseudo-words: background words shared by all documents (Zipf), words
//   of each *area* (a group of related topics), and per *topic* plain words plus concepts. Each concept is a
//   synonym pair: a word queries prefer and a word documents prefer.
// - A document of topic t is about 1–3 of t's concepts and names each one by the document-side word (or, at a
//   low rate, the query-side word), mixed with t's plain words, its area's words and background text, at
//   log-uniform lengths. Some documents carry a homonym (a query-side word of an unrelated topic) or mention
//   another topic briefly.
// - A query of topic t asks about 1–2 of t's concepts, mostly by their query-side words, plus maybe a plain
//   topic word and an area word.
// - Judgements per query: 2 = a document of its topic about one of its concepts; 1 = partly (a document of its
//   topic about other concepts, or a document of another topic that mentions its topic briefly); 0 = judged off
//   topic (documents of the related topics of the area and others, `judgedNegativesPerQuery` of them).
//
// Statistics of the defaults (`SyntheticCollection.make(topics: 12, docsPerTopic: 40, queriesPerTopic: 10, seed: 7)`,
// pinned by SyntheticCollectionTests.testStatisticsOfTheDefaults):
// - corpus: 480 documents, 56.1 words on average (20–121), vocabulary 846 words.
// - train: 72 queries, 4,764 judgements (1,006 grade 2, 2,318 grade 1, 1,440 grade 0).
// - test: 48 queries, 3,176 judgements (704 grade 2, 1,512 grade 1, 960 grade 0); 2.7 words per query;
//   per query on average 14.7 documents judged 2 and 31.5 judged 1.
// - nDCG@10 on test (Tests/ProRankKitTests/Data/SyntheticBM25Tests.swift): BM25 (Lucene variant, k1 0.9, b 0.4,
//   lowercase whitespace tokens) 0.550; an oracle that adds each query word's synonym to the query 0.877; BM25 with
//   synonyms learned from the train split's judgements alone (a test-only co-occurrence learner) 0.752; a random
//   ranking 0.078. Over seeds 1–5: BM25 0.533–0.631, oracle 0.889–0.933.

/// A synthetic collection and the truth it was generated from (topics, synonym pairs, which document is about
/// what), for notebooks that show the vocabulary gap and tests that measure it.
///
/// ```swift
/// let ds = SyntheticCollection.make(topics: 12, docsPerTopic: 40, queriesPerTopic: 10, seed: 7)
/// let synthetic = SyntheticCollection.generate(.init(), seed: 7)   // the same dataset, with the truth
/// synthetic.topics[0].synonymPairs[0]                                // SynonymPair(queryWord: …, documentWord: …)
/// ```
public struct SyntheticCollection: Sendable {
    /// Two words for one concept: queries prefer `queryWord`, documents prefer `documentWord`.
    public struct SynonymPair: Sendable, Equatable {
        public let queryWord: String
        public let documentWord: String
    }

    /// A topic: its area (topics of one area are related) and vocabulary.
    public struct Topic: Sendable, Equatable {
        public let index: Int
        public let area: Int
        /// Plain words, most frequent first.
        public let words: [String]
        /// The topic's concepts.
        public let synonymPairs: [SynonymPair]

        /// Plain words and both words of every synonym pair.
        public var vocabulary: [String] { words + synonymPairs.flatMap { [$0.queryWord, $0.documentWord] } }
    }

    /// What a document was generated from.
    public struct DocumentTruth: Sendable, Equatable {
        public let topic: Int
        /// Indices into its topic's `synonymPairs`.
        public let concepts: [Int]
        /// A topic it mentions briefly (partly relevant to that topic's queries).
        public let mentionedTopic: Int?
    }

    /// What a query was generated from.
    public struct QueryTruth: Sendable, Equatable {
        public let topic: Int
        /// Indices into its topic's `synonymPairs`.
        public let concepts: [Int]
    }

    /// The collection: corpus, queries, and qrels for the splits "train" and "test". Its name is "synthetic".
    public let dataset: Dataset
    public let parameters: Parameters
    public let seed: UInt64
    public let topics: [Topic]
    /// Words of each area.
    public let areaWords: [[String]]
    /// Background words, most frequent first.
    public let backgroundWords: [String]
    /// Aligned with `dataset.corpus`.
    public let documentTruth: [DocumentTruth]
    /// Aligned with `dataset.allQueries`.
    public let queryTruth: [QueryTruth]

    /// The synthetic dataset ("synthetic", splits "train" and "test") with default parameters apart from the three
    /// sizes; the same seed gives the same dataset.
    public static func make(topics: Int = 12, docsPerTopic: Int = 40, queriesPerTopic: Int = 10, seed: UInt64) -> Dataset {
        generate(Parameters(topics: topics, documentsPerTopic: docsPerTopic, queriesPerTopic: queriesPerTopic), seed: seed).dataset
    }

    /// The other word of the synonym pair `word` belongs to, if it belongs to one.
    public func synonym(of word: String) -> String? {
        for topic in topics {
            for pair in topic.synonymPairs {
                if pair.queryWord == word { return pair.documentWord }
                if pair.documentWord == word { return pair.queryWord }
            }
        }
        return nil
    }

    /// Generates the collection. Vocabulary, documents, queries and judgements draw from separate streams forked
    /// from `seed`, so changing, say, the number of queries does not change the documents.
    public static func generate(_ parameters: Parameters = Parameters(), seed: UInt64) -> SyntheticCollection {
        parameters.validate()
        let p = parameters
        var root = SeededRNG(seed: seed)
        var wordRNG = root.fork(), documentRNG = root.fork(), queryRNG = root.fork(), judgementRNG = root.fork()

        // Vocabulary.
        var lexicon = PseudoLexicon()
        let background = lexicon.words(p.backgroundWords, &wordRNG)
        let areaCount = (p.topics + p.topicsPerArea - 1) / p.topicsPerArea
        let areas = (0..<areaCount).map { _ in lexicon.words(p.areaWords, &wordRNG) }
        let topics = (0..<p.topics).map { t in
            Topic(index: t, area: t / p.topicsPerArea, words: lexicon.words(p.topicWords, &wordRNG),
                  synonymPairs: (0..<p.synonymPairs).map { _ in
                      SynonymPair(queryWord: lexicon.word(&wordRNG), documentWord: lexicon.word(&wordRNG))
                  })
        }
        let writer = Writer(parameters: p, topics: topics, areas: areas, background: background)

        // Documents, topic by topic.
        var corpus: [Document] = []
        var documentTruth: [DocumentTruth] = []
        let documentCount = p.topics * p.documentsPerTopic
        for t in 0..<p.topics {
            for _ in 0..<p.documentsPerTopic {
                let (words, truth) = writer.document(topic: t, &documentRNG)
                corpus.append(Document(id: "d" + padded(corpus.count, to: documentCount), text: words.joined(separator: " ")))
                documentTruth.append(truth)
            }
        }

        // Queries, topic by topic; each topic sends `testQueriesPerTopic` of them, drawn at random, to "test".
        var queries: [Query] = []
        var queryTruth: [QueryTruth] = []
        var testQueries: Set<String> = []
        let queryCount = p.topics * p.queriesPerTopic
        for t in 0..<p.topics {
            let first = queries.count
            for _ in 0..<p.queriesPerTopic {
                let (words, truth) = writer.query(topic: t, &queryRNG)
                queries.append(Query(id: "q" + padded(queries.count, to: queryCount), text: words.joined(separator: " ")))
                queryTruth.append(truth)
            }
            for i in queryRNG.sample(Array(first..<queries.count), count: p.testQueriesPerTopic) {
                testQueries.insert(queries[i].id)
            }
        }

        // Judgements.
        var train = Qrels(), test = Qrels()
        for (query, truth) in zip(queries, queryTruth) {
            let judged = judgements(for: truth, documents: documentTruth, corpus: corpus, topics: topics,
                                    negatives: p.judgedNegativesPerQuery, &judgementRNG)
            if testQueries.contains(query.id) { test.judgments[query.id] = judged } else { train.judgments[query.id] = judged }
        }
        let dataset = Dataset(name: "synthetic", corpus: corpus, queries: queries, qrels: ["train": train, "test": test])
        return SyntheticCollection(dataset: dataset, parameters: p, seed: seed, topics: topics, areaWords: areas,
                                   backgroundWords: background, documentTruth: documentTruth, queryTruth: queryTruth)
    }

    /// Grades 2 and 1 from the truth (see the file header), then `negatives` judged-0 documents: half drawn from
    /// the other topics of the query's area, the rest from the other areas.
    private static func judgements(for query: QueryTruth, documents: [DocumentTruth], corpus: [Document],
                                   topics: [Topic], negatives: Int, _ rng: inout SeededRNG) -> [String: Int] {
        var judged: [String: Int] = [:]
        var sameArea: [Int] = [], elsewhere: [Int] = []
        let area = topics[query.topic].area
        for (i, document) in documents.enumerated() {
            if document.topic == query.topic {
                judged[corpus[i].id] = document.concepts.contains(where: query.concepts.contains) ? 2 : 1
            } else if document.mentionedTopic == query.topic {
                judged[corpus[i].id] = 1
            } else if topics[document.topic].area == area {
                sameArea.append(i)
            } else {
                elsewhere.append(i)
            }
        }
        let near = rng.sample(sameArea, count: negatives / 2)
        let far = rng.sample(elsewhere, count: negatives - near.count)
        for i in near + far { judged[corpus[i].id] = 0 }
        return judged
    }

    /// `n` zero-padded to the width of `count - 1`, so ids sort in generation order.
    private static func padded(_ n: Int, to count: Int) -> String {
        let digits = String(max(count - 1, 1)).count
        let s = String(n)
        return String(repeating: "0", count: max(digits - s.count, 0)) + s
    }
}
