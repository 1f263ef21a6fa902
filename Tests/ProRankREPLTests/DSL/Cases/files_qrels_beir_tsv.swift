// swiftc: skip (notebook builtins)
// loadQrels reads BEIR's qrels/<split>.tsv too (told apart by its header line).
let qrels = loadQrels("data/tiny/qrels/test.tsv")
print(qrels.count) // expect: 4
