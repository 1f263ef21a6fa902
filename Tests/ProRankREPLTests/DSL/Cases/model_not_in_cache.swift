// swiftc: skip (notebook builtins)
// A catalog model that has not been fetched: the hint names the command that fetches it.
let slm = loadModel("qwen2.5-coder-0.5b-instruct") // expect error: 3:11 loadModel: no model "qwen2.5-coder-0.5b-instruct" in the model cache ($MODELS); hint: run `prorank-repl models fetch qwen2.5-coder-0.5b-instruct` first
