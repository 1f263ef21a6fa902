// Functions are values: stored in collections and called later.
let ops: [String: (Int, Int) -> Int] = ["add": { $0 + $1 }, "mul": { $0 * $1 }]
print(ops["add"]!(2, 3), ops["mul"]!(2, 3)) // expect: 5 6
func twice(_ f: (Int) -> Int, _ x: Int) -> Int { f(f(x)) }
func inc(_ x: Int) -> Int { x + 1 }
print(twice(inc, 5)) // expect: 7
