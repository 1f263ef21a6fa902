// A var shadowing a constant may change; closures and nested functions may change the variables they capture;
// a deferred let is assigned once. None of these is an error.
func tally() -> String {
    let total = 10
    var counter = 0
    func bump() {
        var step = total
        step += 1
        counter += step
    }
    bump()
    let add = { (n: Int) in counter += n }
    add(5)
    let mode: String
    if counter > 10 { mode = "high" } else { mode = "low" }
    return "\(total) \(counter) \(mode)"
}
let limit = 3
for limit in [limit + 1] {
    var limit = limit
    limit *= 2
    print(limit) // expect: 8
}
print(tally()) // expect: 10 16 high
