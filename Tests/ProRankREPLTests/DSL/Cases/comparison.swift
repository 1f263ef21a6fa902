// Comparison operators on Ints, Doubles and Strings.
print(1 < 2, 2 <= 2, 3 > 4, 4 >= 4, 1 == 1, 1 != 1) // expect: true true false true true false
print(1.5 < 2.5, "apple" < "banana", "b" > "a") // expect: true true true
print([1, 2] == [1, 2], ["a": 1] == ["a": 1]) // expect: true true
