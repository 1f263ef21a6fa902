// Ranges as values.
let r = 0..<5
print(r, r.count, r.contains(4), r.contains(5)) // expect: 0..<5 5 true false
let c = 1...3
print(c, c.count, c.lowerBound, c.upperBound) // expect: 1...3 3 1 3
print(Array(2..<5)) // expect: [2, 3, 4]
print((1...4).map { $0 * 2 }) // expect: [2, 4, 6, 8]
print((1...4).reduce(0, +)) // expect: 10
print([10, 20, 30, 40][1..<3]) // expect: [20, 30]
