// Int arithmetic truncates; remainder keeps the dividend's sign.
print(7 / 2, -7 / 2, 7 % 3, -7 % 3) // expect: 3 -3 1 -1
print(2 + 3 * 4, (2 + 3) * 4) // expect: 14 20
print(10 - 2 - 3) // expect: 5
print(1.0 / 0.0) // expect: inf
