// Int(…), Double(…) and String(…) conversions.
print(Int(3.9), Int(-3.9)) // expect: 3 -3
print(Double(2), Double(7) / 2) // expect: 2.0 3.5
print(String(42) + "!", String(1.5)) // expect: 42! 1.5
print(Int("42")!, Double("0.5")!) // expect: 42 0.5
print(Int("4.2") == nil) // expect: true
print(String(repeating: "ab", count: 3)) // expect: ababab
