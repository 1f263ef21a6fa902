// let constants cannot be assigned or mutated; the cell is refused before it runs.
let xs = [1, 2]
print(xs)
xs.append(3) // expect error: 4:1 cannot use mutating member 'append' on immutable value: 'xs' is a 'let' constant
