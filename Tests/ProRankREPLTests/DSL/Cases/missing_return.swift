// A function declared to return a value must return one.
func pick(_ b: Bool) -> Int { // expect error: 2:6 missing return in 'pick' expected to return 'Int'
    if b { return 1 }
}
print(pick(true)) // expect: 1
print(pick(false))
