// Integer division by zero is a runtime error at the operator.
func ratio(_ a: Int, _ b: Int) -> Int {
    return a / b // expect error: 3:14 division by zero
}
print(ratio(6, 3)) // expect: 2
print(ratio(1, 0))
