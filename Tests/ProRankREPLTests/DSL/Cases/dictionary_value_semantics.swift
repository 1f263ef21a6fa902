// Dictionaries are values too.
var a = ["x": 1]
var b = a
b["x"] = 2
print(a["x"]!, b["x"]!) // expect: 1 2
