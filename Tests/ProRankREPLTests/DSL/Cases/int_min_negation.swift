// Negating Int.min overflows.
let m = Int.min
print(-m) // expect error: 3:7 arithmetic overflow in '--9223372036854775808'
