// print formats values as Swift does: Doubles always with a fraction, strings quoted inside collections.
print(1.0) // expect: 1.0
print(0.1 + 0.2) // expect: 0.30000000000000004
print(1e16) // expect: 1e+16
print(-0.5) // expect: -0.5
print([1, 2]) // expect: [1, 2]
print(["a", "b"]) // expect: ["a", "b"]
print([1.5, 2]) // expect: [1.5, 2.0]
print("plain") // expect: plain
print(true, false) // expect: true false
print([String]()) // expect: []
print([[1], [2, 3]]) // expect: [[1], [2, 3]]
