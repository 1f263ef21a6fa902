// allSatisfy and contains(where:).
let xs = [2, 4, 6]
print(xs.allSatisfy { $0 % 2 == 0 }, xs.contains { $0 > 5 }) // expect: true true
print([Int]().allSatisfy { $0 > 100 }) // expect: true
