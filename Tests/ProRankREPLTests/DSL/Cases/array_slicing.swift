// prefix, suffix, dropFirst, dropLast, reversed, joined.
let xs = [1, 2, 3, 4, 5]
print(Array(xs.prefix(2)), Array(xs.suffix(2))) // expect: [1, 2] [4, 5]
print(Array(xs.dropFirst()), Array(xs.dropLast(2))) // expect: [2, 3, 4, 5] [1, 2, 3]
print(Array(xs.reversed())) // expect: [5, 4, 3, 2, 1]
print(["a", "b"].joined(separator: "+"), ["x", "y"].joined()) // expect: a+b xy
print(xs.firstIndex(of: 3)!, xs.indices) // expect: 2 0..<5
