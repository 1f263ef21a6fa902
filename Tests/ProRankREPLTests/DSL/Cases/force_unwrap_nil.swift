// Force-unwrapping nil is a runtime error at the '!'.
let d = ["a": 1]
print(d["b"]!) // expect error: 3:13 unexpectedly found nil while unwrapping an Optional value
