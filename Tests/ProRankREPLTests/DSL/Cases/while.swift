// while loops with break and continue.
var i = 0
var total = 0
while i < 10 {
    i += 1
    if i % 2 == 0 { continue }
    if i > 7 { break }
    total += i
}
print(i, total) // expect: 9 16
