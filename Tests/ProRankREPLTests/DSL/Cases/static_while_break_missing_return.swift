// A `while true` loop that can break may end, so the function needs a return after it.
func search(_ xs: [Int]) -> Int { // expect error: 2:6 missing return in 'search' expected to return 'Int'
    var i = 0
    while true {
        if i == xs.count { break }
        i += 1
    }
}
