// String methods (trimmingCharacters comes from Foundation).
import Foundation
let s = "Hello, World"
print(s.count, s.isEmpty) // expect: 12 false
print(s.hasPrefix("Hell"), s.hasSuffix("x")) // expect: true false
print(s.contains("lo, W")) // expect: true
print(s.lowercased(), s.uppercased()) // expect: hello, world HELLO, WORLD
print(s.split(separator: " ")) // expect: ["Hello,", "World"]
print("a,,b".split(separator: ",")) // expect: ["a", "b"]
print("  x y  ".trimmingCharacters(in: .whitespaces)) // expect: x y
var t = "ab"
t.append("c")
t += "d"
print(t) // expect: abcd
print("x" + "y" == "xy") // expect: true
