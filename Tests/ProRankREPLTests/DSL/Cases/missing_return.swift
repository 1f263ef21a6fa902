// A function declared to return a value must return one on every path, checked before anything runs.
func pick(_ b: Bool) -> Int { // expect error: 2:6 missing return in 'pick' expected to return 'Int'
    if b { return 1 }
}
print(pick(true))
