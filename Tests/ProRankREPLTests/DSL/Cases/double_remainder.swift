// % is not defined on Double; truncatingRemainder is.
print(7.5.truncatingRemainder(dividingBy: 2)) // expect: 1.5
let r = 7.5 % 2.0 // expect error: 3:13 '%' is unavailable for Double: use truncatingRemainder(dividingBy:)
