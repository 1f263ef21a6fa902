// swiftc: skip (notebook builtins)
// runs() takes an optional limit and kind, in that order.
let recent = runs(kind: "grpo", limit: 5) // expect error: 3:14 incorrect arguments in call: have 'runs(kind:limit:)', expected 'runs(limit:kind:)'
