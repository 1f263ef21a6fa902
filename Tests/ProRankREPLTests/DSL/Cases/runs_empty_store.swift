// swiftc: skip (notebook builtins)
// runs() lists the run store's runs; without a store there are none (reading never creates one).
print(runs()) // expect: []
print(runs(limit: 5, kind: "grpo").count) // expect: 0
