// Array concatenation and equality.
let a = [1, 2] + [3]
print(a, a == [1, 2, 3], a != [3, 2, 1]) // expect: [1, 2, 3] true true
var b: [String] = []
b += ["x"]
b += ["y", "z"]
print(b) // expect: ["x", "y", "z"]
