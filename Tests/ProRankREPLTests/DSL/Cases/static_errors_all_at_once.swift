// Every error Swift's compiler would report is listed at once, before any statement runs.
print("never printed")
func f(_ n: Int) -> Int { // expect error: 3:6 missing return in 'f' expected to return 'Int'
    continue // expect error: 4:5 'continue' is only allowed inside a loop
}
for i in 0..<3 {
    i = 2 // expect error: 7:5 cannot assign to value: 'i' is a 'let' constant
}
let squares = [1, 2, 3].map { x in
    x *= x // expect error: 10:5 cannot assign to value: 'x' is a 'let' constant
    return x
}
if let first = squares.first {
    first += 1 // expect error: 14:5 cannot assign to value: 'first' is a 'let' constant
}
return // expect error: 16:1 return invalid outside of a func
