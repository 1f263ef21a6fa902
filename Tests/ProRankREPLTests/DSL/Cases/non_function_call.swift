// Calling a value that is not a function.
let n = 3
print(n(1)) // expect error: 3:7 cannot call value of non-function type 'Int'
