// The text of synthetic documents and queries: which words a document or query of a topic is made of.

import Foundation

extension SyntheticCollection {
    /// Writes documents and queries from the vocabularies; all randomness comes from the generator passed in.
    struct Writer {
        let parameters: Parameters
        let topics: [Topic]
        let areas: [[String]]
        let background: [String]
        private let backgroundDistribution: WeightedIndex
        private let areaDistribution: WeightedIndex
        private let topicDistribution: WeightedIndex

        init(parameters: Parameters, topics: [Topic], areas: [[String]], background: [String]) {
            self.parameters = parameters
            self.topics = topics
            self.areas = areas
            self.background = background
            backgroundDistribution = WeightedIndex(zipf: background.count)
            areaDistribution = WeightedIndex(zipf: parameters.areaWords)
            topicDistribution = WeightedIndex(zipf: parameters.topicWords)
        }

        /// A document of `topic`: its words and what it is about.
        ///
        /// Each token is, with the probabilities of the parameters' shares, a concept word (one of the document's
        /// concepts, uniformly, in the form the document chose for it), a plain topic word, an area word, or a
        /// background word. Every concept of the document appears at least once. Then maybe a homonym (once or
        /// twice) and a brief mention of another topic, at random positions.
        func document(topic t: Int, _ rng: inout SeededRNG) -> ([String], DocumentTruth) {
            let p = parameters
            let topic = topics[t]
            let low = log(Double(p.documentLength.lowerBound)), high = log(Double(p.documentLength.upperBound) + 1)
            let length = min(Int(exp(rng.uniform(low, high))), p.documentLength.upperBound)
            let concepts = rng.sample(Array(0..<p.synonymPairs), count: rng.integer(in: p.conceptsPerDocument)).sorted()
            let conceptWords = concepts.map { c in
                rng.chance(p.documentQueryWordRate) ? topic.synonymPairs[c].queryWord : topic.synonymPairs[c].documentWord
            }
            var words: [String] = []
            words.reserveCapacity(length + 8)
            for _ in 0..<length {
                let r = rng.nextDouble()
                if r < p.conceptShare {
                    words.append(rng.element(of: conceptWords))
                } else if r < p.conceptShare + p.topicShare {
                    words.append(topic.words[topicDistribution.draw(&rng)])
                } else if r < p.conceptShare + p.topicShare + p.areaShare {
                    words.append(areas[topic.area][areaDistribution.draw(&rng)])
                } else {
                    words.append(background[backgroundDistribution.draw(&rng)])
                }
            }
            for word in conceptWords where !words.contains(word) {
                words.insert(word, at: rng.index(below: words.count + 1))
            }
            let unrelated = topics.indices.filter { topics[$0].area != topic.area }
            if rng.chance(p.homonymRate), !unrelated.isEmpty {
                let other = topics[rng.element(of: unrelated)]
                let homonym = rng.element(of: other.synonymPairs).queryWord
                for _ in 0..<rng.integer(in: 1...2) { words.insert(homonym, at: rng.index(below: words.count + 1)) }
            }
            var mentioned: Int?
            if rng.chance(p.mentionRate) {
                var u = rng.index(below: topics.count - 1)
                if u >= t { u += 1 }
                let other = topics[u]
                let pair = rng.element(of: other.synonymPairs)
                let passage = [rng.chance(0.5) ? pair.queryWord : pair.documentWord,
                               other.words[topicDistribution.draw(&rng)], other.words[topicDistribution.draw(&rng)]]
                words.insert(contentsOf: passage, at: rng.index(below: words.count + 1))
                mentioned = u
            }
            return (words, DocumentTruth(topic: t, concepts: concepts, mentionedTopic: mentioned))
        }

        /// A query of `topic`: its words (distinct, shuffled) and the concepts it asks about.
        func query(topic t: Int, _ rng: inout SeededRNG) -> ([String], QueryTruth) {
            let p = parameters
            let topic = topics[t]
            let concepts = rng.sample(Array(0..<p.synonymPairs), count: rng.integer(in: p.queryConcepts)).sorted()
            var words = concepts.map { c in
                rng.chance(p.queryQueryWordRate) ? topic.synonymPairs[c].queryWord : topic.synonymPairs[c].documentWord
            }
            for _ in 0..<rng.integer(in: p.queryTopicWords) { words.append(topic.words[topicDistribution.draw(&rng)]) }
            if rng.chance(p.queryAreaWordRate) { words.append(areas[topic.area][areaDistribution.draw(&rng)]) }
            var seen: Set<String> = []
            words = words.filter { seen.insert($0).inserted }
            return (rng.shuffled(words), QueryTruth(topic: t, concepts: concepts))
        }
    }
}
