// Several optional bindings and a boolean in one if.
let a: Int? = 2
let b: Int? = 3
if let x = a, let y = b, x < y {
    print(x + y) // expect: 5
}
if let x = a, let z = Int("q") {
    print(x, z)
} else {
    print("one missing") // expect: one missing
}
