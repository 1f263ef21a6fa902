// swiftc: skip (notebook builtins)
// requires: models
// tokenize/detokenize round-trip text; special tokens are one id unless parseSpecial is false.
let tok = tokenizer("tiny-qwen2")
let text = "Query: cats purr. Document: 12 cats."
let ids = tok.tokenize(text)
print(tok.detokenize(ids) == text) // expect: true
print(tok.tokenize("<|im_start|>").count, tok.tokenize("<|im_start|>", parseSpecial: false).count > 1) // expect: 1 true
let special = tok.tokenize("<|im_start|>hi")
print(tok.detokenize(special, skipSpecial: true)) // expect: hi
print(tok.id("<|im_start|>") == special[0], tok.token(special[0])!) // expect: true <|im_start|>
print(tok.eosID != nil) // expect: true
