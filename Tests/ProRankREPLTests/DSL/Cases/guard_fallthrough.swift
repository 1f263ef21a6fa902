// A guard body must leave the scope.
func f(_ x: Int) {
    guard x > 0 else { // expect error: 3:5 'guard' body must not fall through; use 'return', 'break' or 'continue'
        print("not positive") // expect: not positive
    }
    print("positive")
}
f(-1)
