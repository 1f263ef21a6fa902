// swiftc: skip (notebook builtins)
// requires: models
// A prompt needs at least one token.
let slm = loadModel("tiny-llama")
let out = slm.generate([Int](), maxTokens: 3) // expect error: 5:15 generate: the prompt has no tokens
