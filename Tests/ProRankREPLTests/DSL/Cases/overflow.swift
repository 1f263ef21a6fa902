// Int overflow is a runtime error, as Swift traps.
let big = Int.max
print("before") // expect: before
let next = big + 1 // expect error: 4:16 arithmetic overflow in '9223372036854775807 + 1'
print(next)
