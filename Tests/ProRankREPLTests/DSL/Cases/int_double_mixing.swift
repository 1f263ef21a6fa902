// Int and Double do not mix implicitly; integer literals adapt to Double.
let x = 2.5
print(x * 2, 1 + x) // expect: 5.0 3.5
let n = 2
print(Double(n) * x) // expect: 5.0
print(n * x) // expect error: 6:9 binary operator '*' cannot be applied to operands of type 'Int' and 'Double'
