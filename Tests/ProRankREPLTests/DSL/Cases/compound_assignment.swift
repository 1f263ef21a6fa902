// Compound assignments on variables, elements and dictionary entries.
var x = 10
x += 5
x -= 3
x *= 2
x /= 4
x %= 4
print(x) // expect: 2
var d = 1.5
d *= 2
print(d) // expect: 3.0
var xs = [1, 2]
xs[1] += 10
print(xs) // expect: [1, 12]
