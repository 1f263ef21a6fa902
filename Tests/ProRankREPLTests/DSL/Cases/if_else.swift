// if / else if / else chains.
func sign(_ x: Int) -> String {
    if x > 0 {
        return "positive"
    } else if x < 0 {
        return "negative"
    } else {
        return "zero"
    }
}
print(sign(3), sign(-2), sign(0)) // expect: positive negative zero
