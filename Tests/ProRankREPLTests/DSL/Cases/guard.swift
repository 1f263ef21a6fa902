// guard exits the scope when its condition fails.
func check(_ xs: [Int]) -> Int {
    guard !xs.isEmpty, xs[0] > 0 else {
        return -1
    }
    return xs[0]
}
print(check([]), check([-1]), check([5])) // expect: -1 -1 5
