// String interpolation uses each value's description.
let n = 3
let x = 2.5
let name = "Ada"
print("n=\(n) x=\(x) name=\(name) sum=\(Double(n) + x)") // expect: n=3 x=2.5 name=Ada sum=5.5
print("list: \([1, 2]) words: \(["a"])") // expect: list: [1, 2] words: ["a"]
let maybe: Int? = nil
print("maybe: \(maybe ?? 0)") // expect: maybe: 0
print("escapes: \"q\" tab\tend") // expect: escapes: "q" tab	end
