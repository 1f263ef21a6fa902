// Array index out of range is a runtime error.
let xs = [1, 2, 3]
print(xs[2]) // expect: 3
print(xs[3]) // expect error: 4:7 index 3 out of range (count 3)
