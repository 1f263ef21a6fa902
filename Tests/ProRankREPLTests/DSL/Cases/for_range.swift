// for-in over half-open and closed ranges.
var s = 0
for i in 0..<4 { s += i }
print(s) // expect: 6
for i in 1...3 { print(i) } // expect: 1
// expect: 2
// expect: 3
for _ in 0..<0 { print("never") }
