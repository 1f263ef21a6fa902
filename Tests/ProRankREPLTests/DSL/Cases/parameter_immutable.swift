// Function parameters are constants.
func bump(_ x: Int) -> Int {
    x += 1 // expect error: 3:5 cannot assign to value: 'x' is a 'let' constant
    return x
}
print(bump(1))
