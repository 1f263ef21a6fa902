// Double division by zero follows IEEE 754, as in Swift.
let zero = 0.0
print(1.0 / zero, -1.0 / zero, (0.0 / zero).isNaN) // expect: inf -inf true
