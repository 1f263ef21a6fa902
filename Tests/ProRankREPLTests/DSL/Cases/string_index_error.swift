// Strings are not subscripted by Int.
let s = "abc"
print(s[0]) // expect error: 3:7 cannot subscript a value of type 'String'
