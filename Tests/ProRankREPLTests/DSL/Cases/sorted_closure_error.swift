// An error inside a closure passed to a builtin is reported at the closure's line.
let xs = [3, 0, 2]
let ys = xs.map { 12 / $0 } // expect error: 3:22 division by zero
