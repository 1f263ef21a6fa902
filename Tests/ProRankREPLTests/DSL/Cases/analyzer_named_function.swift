// swiftc: skip (notebook builtins)
// A named DSL function works as an analyzer as well as a closure: here one that keeps only words of 4+ letters,
// so the query "fish water" finds d4 through "fish" and "water" but "dogs bark" finds d2 and d5 through "dogs" and "bark".
func longWords(_ text: String) -> [String] {
    text.lowercased().split(separator: " ").map { String($0) }.filter { $0.count >= 4 }
}
let ds = beir("tiny")
let index = bm25(ds.corpus, analyzer: longWords)
print(index.termCount) // expect: 15
print(index.search("fish in water", top: 5).map { $0.id }) // expect: ["d4"]
print(index.search("cats and dogs", top: 5).map { $0.id }) // expect: ["d5", "d1", "d2"]
