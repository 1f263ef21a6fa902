// Remainder by zero is an error.
let zero = 0
print(5 % zero) // expect error: 3:9 division by zero in remainder operation
