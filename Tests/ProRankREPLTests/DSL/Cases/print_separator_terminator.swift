// print's separator and terminator.
print(1, 2, 3, separator: "-") // expect: 1-2-3
print("a", terminator: "")
print("b") // expect: ab
print() // expect: 
