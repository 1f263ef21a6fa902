// Arrays are values: copies do not share changes.
var a = [1, 2, 3]
var b = a
b.append(4)
b[0] = 100
print(a) // expect: [1, 2, 3]
print(b) // expect: [100, 2, 3, 4]
func change(_ xs: [Int]) -> [Int] {
    var ys = xs
    ys[1] = -1
    return ys
}
print(change(a), a) // expect: [1, -1, 3] [1, 2, 3]
