// let and var bindings, type annotations, reassignment of var.
let a = 1
var b = 2
b = b + a
print(a, b) // expect: 1 3
let c: Double = 2
print(c) // expect: 2.0
var name: String = "x"
name += "y"
print(name) // expect: xy
