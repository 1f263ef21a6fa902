// Blocks introduce scopes; inner names shadow outer ones.
let x = 1
if true {
    let x = 2
    print(x) // expect: 2
}
print(x) // expect: 1
func f() -> Int {
    let x = 3
    return x
}
print(f(), x) // expect: 3 1
