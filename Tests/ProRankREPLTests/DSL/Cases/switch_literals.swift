// switch over integer and string literals, ranges, several patterns and default.
func kind(_ n: Int) -> String {
    switch n {
    case 0:
        return "zero"
    case 1, 2, 3:
        return "small"
    case 4..<10:
        return "medium"
    default:
        return "large"
    }
}
print(kind(0), kind(2), kind(7), kind(99)) // expect: zero small medium large
let word = "b"
switch word {
case "a": print("A")
case "b": print("B") // expect: B
default: print("?")
}
