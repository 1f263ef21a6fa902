// if let and guard let unwrap optionals.
let maybe: String? = "hi"
if let text = maybe {
    print(text) // expect: hi
}
let nothing: String? = nil
if let text = nothing {
    print(text)
} else {
    print("none") // expect: none
}
if let maybe {
    print(maybe.count) // expect: 2
}
func half(_ n: Int) -> Int? { n % 2 == 0 ? n / 2 : nil }
func describe(_ n: Int) -> String {
    guard let h = half(n) else { return "odd" }
    return "half is \(h)"
}
print(describe(8), describe(3)) // expect: half is 4 odd
