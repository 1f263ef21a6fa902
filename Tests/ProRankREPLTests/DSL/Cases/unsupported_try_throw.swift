// Error handling is outside the subset.
func f() -> Int { 1 }
let x = try f() // expect error: 3:9 'try' is not supported in notebooks
