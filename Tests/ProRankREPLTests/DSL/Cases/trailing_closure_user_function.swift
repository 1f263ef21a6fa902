// A trailing closure passed to a DSL function.
func apply(_ x: Int, twice f: (Int) -> Int) -> Int { f(f(x)) }
print(apply(3) { $0 * 10 }) // expect: 300
print(apply(1, twice: { $0 + 1 })) // expect: 3
