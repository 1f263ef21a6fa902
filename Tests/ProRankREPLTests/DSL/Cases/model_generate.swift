// swiftc: skip (notebook builtins)
// requires: models
// Greedy generation is deterministic; seeded sampling repeats with its seed; a text prompt gives text back.
let slm = loadModel("tiny-llama")
let prompt = slm.tokenizer.tokenize("Query: cats")
let greedy = slm.generate(prompt, maxTokens: 6)
print(greedy == slm.generate(prompt, maxTokens: 6), greedy.count <= 6) // expect: true true
let a = slm.generate(prompt, maxTokens: 6, temperature: 1.0, seed: 5)
print(a == slm.generate(prompt, maxTokens: 6, temperature: 1.0, seed: 5)) // expect: true
print(slm.generate(prompt, maxTokens: 0)) // expect: []
let text = slm.generate("Query: cats", maxTokens: 4)
print(text == slm.tokenizer.detokenize(greedy.count > 4 ? Array(greedy[0..<4]) : greedy, skipSpecial: true)) // expect: true
