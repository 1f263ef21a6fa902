// Assigning to a let constant is an error.
let limit = 10
limit = 11 // expect error: 3:1 cannot assign to value: 'limit' is a 'let' constant
