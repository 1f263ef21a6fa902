// Tuples as far as destructuring needs them.
let pair = (1, "one")
print(pair.0, pair.1) // expect: 1 one
let (n, word) = pair
print(n, word) // expect: 1 one
print(pair) // expect: (1, "one")
