// return leaves the function from inside loops.
func firstNegative(_ xs: [Int]) -> Int? {
    for x in xs {
        if x < 0 { return x }
    }
    return nil
}
print(firstNegative([3, -2, -5]) ?? 0, firstNegative([1]) == nil) // expect: -2 true
