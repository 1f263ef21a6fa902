// A deferred let can be assigned only once.
let answer: Int
answer = 1
print(answer) // expect: 1
answer = 2 // expect error: 5:1 cannot assign to value: 'answer' is a 'let' constant
