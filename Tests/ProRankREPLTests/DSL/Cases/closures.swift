// Closures with named parameters, $0, trailing closures and captured variables.
let double = { (x: Int) -> Int in x * 2 }
print(double(21)) // expect: 42
let add: (Int, Int) -> Int = { a, b in a + b }
print(add(2, 3)) // expect: 5
print([1, 2, 3].map { $0 * $0 }) // expect: [1, 4, 9]
var counter = 0
let bump = { counter += 1 }
bump()
bump()
print(counter) // expect: 2
func makeAdder(_ n: Int) -> (Int) -> Int { { $0 + n } }
let add10 = makeAdder(10)
print(add10(5)) // expect: 15
