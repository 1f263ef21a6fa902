// for-in with a where clause, over an array.
for x in [1, 2, 3, 4, 5, 6] where x % 3 == 0 {
    print(x) // expect: 3
}           // expect: 6
