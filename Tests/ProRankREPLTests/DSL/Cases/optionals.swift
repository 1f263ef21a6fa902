// Optional values: nil, ??, comparisons with nil, force unwrap.
let some: Int? = 4
let none: Int? = nil
print(some ?? 0, none ?? 0) // expect: 4 0
print(some == nil, none == nil) // expect: false true
print(some! + 1) // expect: 5
let names: [String?] = ["a", nil]
print(names) // expect: [Optional("a"), nil]
print(Int("12") ?? -1, Int("x") ?? -1) // expect: 12 -1
