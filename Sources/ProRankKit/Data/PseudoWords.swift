// Pronounceable pseudo-words for the synthetic collection: syllables of consonant + vowel (+ an optional coda),
// each word new to the lexicon that generated it, so the vocabularies of topics never overlap by accident.

/// A generator of distinct pronounceable pseudo-words such as "tobera", "kinsalu" or "mupo".
///
/// Words are 2 or 3 syllables; a syllable is an onset consonant (or a cluster like "st", "pr"), a vowel
/// (or a diphthong), and sometimes a coda ("n", "r", "s", "l"). Every word is checked against all words this
/// lexicon has produced, so two calls never return the same word. Everything is lowercase ASCII letters, so a
/// lowercase whitespace tokenizer sees each word as exactly one token, and no word is an English word by design
/// (the probability of an accidental one is small and harmless).
struct PseudoLexicon {
    private static let onsets = ["b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
                                 "br", "dr", "gr", "kl", "pr", "st", "tr", "sk", "pl", "ch", "sh"]
    private static let vowels = ["a", "e", "i", "o", "u", "a", "e", "i", "o", "u", "ai", "ou", "ea"]
    private static let codas = ["", "", "", "", "n", "r", "s", "l", "m"]

    private(set) var used: Set<String> = []

    init() {}

    /// A new word of 2 or 3 syllables (2 twice as often), never returned before by this lexicon.
    mutating func word(_ rng: inout SeededRNG) -> String {
        while true {
            let syllables = rng.chance(2.0 / 3.0) ? 2 : 3
            var w = ""
            for _ in 0..<syllables {
                w += rng.element(of: Self.onsets) + rng.element(of: Self.vowels) + rng.element(of: Self.codas)
            }
            if used.insert(w).inserted { return w }
        }
    }

    /// `count` new words.
    mutating func words(_ count: Int, _ rng: inout SeededRNG) -> [String] {
        (0..<count).map { _ in word(&rng) }
    }
}
