// Unary minus and plus.
let n = 5
print(-n, +n, -(-n), -2.5) // expect: -5 5 5 -2.5
print(abs(-n) == n) // expect: true
