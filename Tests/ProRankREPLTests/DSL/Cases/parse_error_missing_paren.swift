// A parse error from swift-syntax, with its location.
let x = (1 + 2 // expect error: 2:15 expected ')' to end tuple
print(x)
