// The knobs of the synthetic collection, with defaults sized for a tiny model trained on a CPU in minutes and
// tuned so that BM25 leaves clear room for a reranker (see SyntheticCollection.swift for the measured numbers).

extension SyntheticCollection {
    /// What the generator makes. Shares (`…Share`) are the fraction of a document's tokens of each kind; rates
    /// (`…Rate`) are probabilities per document or per query. The defaults give 480 documents of ~56 words and
    /// 120 queries (72 train, 48 test).
    ///
    /// ```swift
    /// var p = SyntheticCollection.Parameters()
    /// p.documentQueryWordRate = 0.5          // make the synonym gap smaller: BM25 gets better
    /// let synthetic = SyntheticCollection.generate(p, seed: 7)
    /// ```
    public struct Parameters: Sendable, Equatable {
        // Sizes.
        /// Number of topics.
        public var topics = 12
        /// Documents written about each topic.
        public var documentsPerTopic = 40
        /// Queries asked about each topic.
        public var queriesPerTopic = 10
        /// Of each topic's queries, how many go to the "test" split (the rest go to "train").
        public var testQueriesPerTopic = 4
        /// Topics per area: the topics of an area are related — they share the area's words.
        public var topicsPerArea = 3

        // Vocabulary sizes (all pseudo-words, distinct across the collection).
        /// Background words shared by every document (Zipf-distributed, like function words and general prose).
        public var backgroundWords = 400
        /// Words of each area.
        public var areaWords = 16
        /// Plain words of each topic (not part of a synonym pair).
        public var topicWords = 16
        /// Concepts of each topic; each is a synonym pair (a word queries prefer, a word documents prefer).
        public var synonymPairs = 8

        // Documents.
        /// Document lengths in words, drawn log-uniformly (more short documents than long ones).
        public var documentLength: ClosedRange<Int> = 20...120
        /// How many of its topic's concepts a document is about.
        public var conceptsPerDocument: ClosedRange<Int> = 1...3
        /// Probability that a document names one of its concepts by the query-side word of the synonym pair
        /// (decided per document and concept; otherwise it uses the document-side word). The lower, the more
        /// relevant documents a lexical matcher misses.
        public var documentQueryWordRate = 0.15
        /// Fraction of a document's tokens that name its concepts.
        public var conceptShare = 0.08
        /// Fraction of tokens drawn from the topic's plain words (Zipf).
        public var topicShare = 0.15
        /// Fraction of tokens drawn from the area's words (Zipf); the rest is background text.
        public var areaShare = 0.08
        /// Probability that a document also contains, once or twice, the query-side word of a concept of a topic
        /// from another area (a homonym: a lexical match that is not about the query).
        public var homonymRate = 0.5
        /// Probability that a document mentions another topic briefly (a three-word passage); the document is
        /// then partly relevant (grade 1) to that topic's queries.
        public var mentionRate = 0.15

        // Queries and judgements.
        /// How many of its topic's concepts a query asks about.
        public var queryConcepts: ClosedRange<Int> = 1...2
        /// Probability that a query names a concept by its query-side word (otherwise the document-side word).
        public var queryQueryWordRate = 0.85
        /// How many plain topic words a query adds.
        public var queryTopicWords: ClosedRange<Int> = 0...1
        /// Probability that a query adds one of its area's words.
        public var queryAreaWordRate = 0.8
        /// Documents judged not relevant (grade 0) per query, besides the relevant ones: half from the related
        /// topics of the same area (near misses, as a judging pool would contain), half from anywhere else.
        public var judgedNegativesPerQuery = 20

        public init() {}

        /// The defaults with the three sizes of `SyntheticCollection.make`; test queries per topic stay 4, or
        /// `queriesPerTopic - 1` when that is fewer (a topic keeps at least one train query).
        public init(topics: Int, documentsPerTopic: Int, queriesPerTopic: Int) {
            self.topics = topics
            self.documentsPerTopic = documentsPerTopic
            self.queriesPerTopic = queriesPerTopic
            self.testQueriesPerTopic = min(testQueriesPerTopic, max(queriesPerTopic - 1, 0))
        }

        /// Preconditions on the sizes and rates (programmer errors, as shapes are).
        func validate() {
            precondition(topics >= 2, "SyntheticCollection: needs at least 2 topics, got \(topics)")
            precondition(documentsPerTopic >= 1 && queriesPerTopic >= 1,
                         "SyntheticCollection: documentsPerTopic and queriesPerTopic must be ≥ 1")
            precondition((0...queriesPerTopic).contains(testQueriesPerTopic),
                         "SyntheticCollection: testQueriesPerTopic \(testQueriesPerTopic) not in 0...\(queriesPerTopic)")
            precondition(topicsPerArea >= 1, "SyntheticCollection: topicsPerArea must be ≥ 1")
            precondition(backgroundWords >= 1 && areaWords >= 1 && topicWords >= 1 && synonymPairs >= 1,
                         "SyntheticCollection: every vocabulary needs at least one word")
            precondition(documentLength.lowerBound >= 1, "SyntheticCollection: documents need at least one word")
            precondition(conceptsPerDocument.lowerBound >= 1 && conceptsPerDocument.upperBound <= synonymPairs,
                         "SyntheticCollection: conceptsPerDocument must lie in 1...synonymPairs")
            precondition(queryConcepts.lowerBound >= 1 && queryConcepts.upperBound <= synonymPairs,
                         "SyntheticCollection: queryConcepts must lie in 1...synonymPairs")
            precondition(queryTopicWords.lowerBound >= 0, "SyntheticCollection: queryTopicWords must be ≥ 0")
            precondition(conceptShare >= 0 && topicShare >= 0 && areaShare >= 0
                         && conceptShare + topicShare + areaShare <= 1,
                         "SyntheticCollection: token shares must be ≥ 0 and sum to at most 1")
            for (name, p) in [("documentQueryWordRate", documentQueryWordRate), ("homonymRate", homonymRate),
                              ("mentionRate", mentionRate), ("queryQueryWordRate", queryQueryWordRate),
                              ("queryAreaWordRate", queryAreaWordRate)] {
                precondition((0...1).contains(p), "SyntheticCollection: \(name) \(p) is not a probability")
            }
            precondition(judgedNegativesPerQuery >= 0, "SyntheticCollection: judgedNegativesPerQuery must be ≥ 0")
        }
    }
}
