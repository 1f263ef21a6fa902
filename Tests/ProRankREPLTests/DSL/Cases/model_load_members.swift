// swiftc: skip (notebook builtins)
// requires: models
// A fixture model from the model cache: its config members agree with each other and its tokenizer is its own.
let slm = loadModel("tiny-llama")
print(slm.name, slm.family) // expect: tiny-llama llama
print(slm.layerCount > 0, slm.parameterCount > slm.vocabularySize * slm.hiddenSize) // expect: true true
print(slm.tokenizer.vocabularySize == slm.vocabularySize) // expect: true
print(loadModel("tiny-qwen2").family) // expect: qwen2
