// compactMap drops nils; Int(String) returns an Optional.
let raw = ["1", "x", "3"]
print(raw.compactMap { Int($0) }) // expect: [1, 3]
print(raw.map { Int($0) }) // expect: [Optional(1), nil, Optional(3)]
