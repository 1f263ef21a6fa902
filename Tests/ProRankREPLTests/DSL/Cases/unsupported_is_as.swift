// Type checks and casts are outside the subset.
let v = 3
let isInt = v is Int // expect error: 3:13 'is' check is not supported in notebooks
