// Conditions must be Bool; an Int is not a condition.
let n = 1
if n == 1 { print("one") } // expect: one
if n { print("never") } // expect error: 4:4 type 'Int' cannot be used as a boolean; test for '!= nil' or compare explicitly
