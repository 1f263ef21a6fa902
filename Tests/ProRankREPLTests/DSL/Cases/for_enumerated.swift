// enumerated() and tuple destructuring in for-in.
for (i, word) in ["zero", "one"].enumerated() {
    print(i, word) // expect: 0 zero
}                  // expect: 1 one
for pair in ["a"].enumerated() {
    print(pair.offset, pair.element) // expect: 0 a
}
print(Array(["x", "y"].enumerated())) // expect: [(offset: 0, element: "x"), (offset: 1, element: "y")]
