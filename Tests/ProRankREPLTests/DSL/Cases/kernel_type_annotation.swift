// swiftc: skip (notebook builtins)
// Kernel types can be written in annotations; a value of another type is refused at the call, as Swift would.
func documents(_ ds: Dataset) -> Int { ds.corpus.count }
let ds: Dataset = beir("tiny")
print(documents(ds)) // expect: 6
let none: Metrics? = nil
print(none == nil) // expect: true
print(documents(ds.corpus)) // expect error: 8:7 cannot convert value of type 'Corpus' to specified type 'Dataset'
