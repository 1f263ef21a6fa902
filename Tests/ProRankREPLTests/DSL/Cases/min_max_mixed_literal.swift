// min and max accept integer literals beside Doubles.
let x = 0.25
print(max(x, 1), min(x, 0)) // expect: 1.0 0.0
