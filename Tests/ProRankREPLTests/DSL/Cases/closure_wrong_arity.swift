// Calling a closure with the wrong number of arguments.
let f = { (a: Int, b: Int) in a + b }
print(f(1, 2)) // expect: 3
print(f(1)) // expect error: 4:7 closure expects 2 argument(s), but 1 were given
