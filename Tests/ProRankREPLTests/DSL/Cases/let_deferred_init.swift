// A let declared without a value may be assigned exactly once.
let label: String
let flag = true
if flag {
    label = "on"
} else {
    label = "off"
}
print(label) // expect: on
