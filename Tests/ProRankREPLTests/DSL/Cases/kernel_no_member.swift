// swiftc: skip (notebook builtins)
// Kernel objects answer only their own members.
let ds = beir("tiny")
print(ds.documents) // expect error: 4:10 value of type 'Dataset' has no member 'documents'
