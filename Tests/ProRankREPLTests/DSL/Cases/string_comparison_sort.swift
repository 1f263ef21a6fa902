// Sorting strings and by a derived key.
let words = ["pear", "fig", "banana", "kiwi"]
print(words.sorted()) // expect: ["banana", "fig", "kiwi", "pear"]
print(words.sorted { $0.count < $1.count }) // expect: ["fig", "pear", "kiwi", "banana"]
