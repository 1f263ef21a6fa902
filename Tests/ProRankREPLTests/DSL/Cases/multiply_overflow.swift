// Multiplication overflow is an error too.
var x = 1
for _ in 0..<62 { x *= 2 }
print(x) // expect: 4611686018427387904
x *= 2 // expect error: 5:3 arithmetic overflow in '4611686018427387904 * 2'
