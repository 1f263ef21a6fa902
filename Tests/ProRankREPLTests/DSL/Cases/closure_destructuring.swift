// Closures over enumerated() and zip elements destructure tuples.
let words = ["a", "bb", "ccc"]
let labelled = words.enumerated().map { (i, w) in "\(i):\(w)" }
print(labelled) // expect: ["0:a", "1:bb", "2:ccc"]
let lengths = words.enumerated().map { $0.offset + $0.element.count }
print(lengths) // expect: [1, 3, 5]
