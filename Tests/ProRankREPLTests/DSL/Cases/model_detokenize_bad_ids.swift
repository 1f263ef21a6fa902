// swiftc: skip (notebook builtins)
// requires: models
// Token ids must be Int values (and inside the vocabulary); as in Swift, [1, 2.5] is an array of Double.
let tok = tokenizer("tiny-llama")
print(tok.detokenize([1, 2.5])) // expect error: 5:11 detokenize: token ids must be Int, element 0 is 'Double'
