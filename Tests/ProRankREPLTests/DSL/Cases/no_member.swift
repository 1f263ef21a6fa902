// Unknown members name the value's type.
let xs = [1, 2]
print(xs.size) // expect error: 3:10 value of type '[Int]' has no member 'size'
