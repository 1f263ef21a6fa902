// &&, || and ! with short-circuit evaluation.
func noisy(_ v: Bool) -> Bool {
    print("evaluated \(v)")
    return v
}
print(false && noisy(true)) // expect: false
print(true || noisy(false)) // expect: true
print(true && noisy(false)) // expect: evaluated false
// expect: false
print(!true, !(1 > 2)) // expect: false true
