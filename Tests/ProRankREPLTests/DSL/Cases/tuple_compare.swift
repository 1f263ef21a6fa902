// Tuples compare lexicographically.
print((1, "b") < (2, "a"), (1, "b") < (1, "a")) // expect: true false
