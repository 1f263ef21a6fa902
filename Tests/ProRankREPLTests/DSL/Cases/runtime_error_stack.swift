// A runtime error inside nested calls carries a short DSL call stack.
func inner(_ x: Int) -> Int { 10 / x } // expect error: 2:34 division by zero
func outer(_ x: Int) -> Int { inner(x - 1) }
print(outer(2)) // expect: 10
print(outer(1))
