// A switch with no matching case and no default is a runtime error.
let value = 7
switch value { // expect error: 3:1 switch must be exhaustive: no case matches 7
case 1: print("one")
case 2: print("two")
}
