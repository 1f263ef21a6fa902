// swiftc: skip (notebook builtins)
// Model paths obey the same folder rules as every file.
let slm = loadModel("/etc/hostname.gguf") // expect error: 3:11 loadModel: "/etc/hostname.gguf" is outside the folders a notebook may use: notebook folder $CASES, PRORANK_DATA $DATA, model cache $MODELS, output folder $OUT; hint: copy the file into one of them
