// A let declared without a value cannot be read before it is assigned.
let answer: Int
print(answer) // expect error: 3:7 constant 'answer' used before being initialized
