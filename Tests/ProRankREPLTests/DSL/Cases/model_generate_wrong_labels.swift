// swiftc: skip (notebook builtins)
// requires: models
// generate's options are labelled and in order; a wrong label shows the expected signature.
let slm = loadModel("tiny-llama")
let out = slm.generate([1, 2], tokens: 3) // expect error: 5:15 incorrect arguments in call: have 'generate(_:tokens:)', expected 'generate(_:maxTokens:temperature:seed:)'
