// Nested functions capture their enclosing variables by reference.
func makeCounter() -> () -> Int {
    var count = 0
    func next() -> Int {
        count += 1
        return count
    }
    return next
}
let c = makeCounter()
print(c(), c(), c()) // expect: 1 2 3
