// Iterating a String gives its characters.
var letters: [String] = []
for ch in "abc" { letters.append(String(ch)) }
print(letters) // expect: ["a", "b", "c"]
print(String("hello".reversed())) // expect: olleh
print("banana".filter { $0 == "a" }.count) // expect: 3
