// zip pairs two sequences, stopping at the shorter.
for (a, b) in zip([1, 2, 3], ["a", "b"]) {
    print(a, b) // expect: 1 a
}               // expect: 2 b
let dot = zip([1.0, 2.0], [3.0, 4.0]).map { $0 * $1 }.reduce(0, +)
print(dot) // expect: 11.0
