// break inside a switch ends the switch, not the enclosing loop.
var seen: [Int] = []
for i in 0..<4 {
    switch i {
    case 1: break
    default: seen.append(i)
    }
}
print(seen) // expect: [0, 2, 3]
