// The ternary operator and ??.
let n = 5
print(n > 3 ? "big" : "small") // expect: big
let d: [String: Int] = ["a": 1]
print(d["a"] ?? 0, d["z"] ?? 0) // expect: 1 0
