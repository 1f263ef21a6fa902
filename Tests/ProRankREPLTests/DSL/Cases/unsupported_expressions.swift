// Expressions outside the subset.
let xs: [Int]? = [1]
let n = xs?.count // expect error: 3:9 optional chaining is not supported in notebooks
let k = \String.count // expect error: 4:9 key path is not supported in notebooks
let y = 1 << 3 // expect error: 5:11 operator '<<' is not supported in notebooks
