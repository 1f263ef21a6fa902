// let constants cannot be assigned or mutated.
let xs = [1, 2]
print(xs) // expect: [1, 2]
xs.append(3) // expect error: 4:1 cannot use mutating member 'append' on immutable value: 'xs' is a 'let' constant
