// stride(from:to:by:) and stride(from:through:by:).
print(Array(stride(from: 0, to: 10, by: 3))) // expect: [0, 3, 6, 9]
print(Array(stride(from: 5, through: 1, by: -2))) // expect: [5, 3, 1]
for x in stride(from: 0.0, to: 1.0, by: 0.5) { print(x) } // expect: 0.0
// expect: 0.5
