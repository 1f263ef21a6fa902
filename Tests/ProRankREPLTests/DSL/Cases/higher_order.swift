// map, filter, reduce, sorted(by:), contains, first, last, min, max.
let xs = [5, 3, 8, 1]
print(xs.filter { $0 > 2 }) // expect: [5, 3, 8]
print(xs.reduce(0, +)) // expect: 17
print(xs.reduce(1) { $0 * $1 }) // expect: 120
print(xs.sorted()) // expect: [1, 3, 5, 8]
print(xs.sorted(by: >)) // expect: [8, 5, 3, 1]
print(xs.sorted { $0 % 4 < $1 % 4 }) // expect: [8, 5, 1, 3]
print(xs.contains(3), xs.contains(4)) // expect: true false
print(xs.contains { $0 > 7 }) // expect: true
print(xs.first!, xs.last!) // expect: 5 1
print(xs.first(where: { $0 < 4 }) ?? 0) // expect: 3
print(xs.min()!, xs.max()!) // expect: 1 8
print([Int]().first == nil) // expect: true
