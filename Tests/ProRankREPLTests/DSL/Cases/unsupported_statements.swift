// Statements outside the subset are reported at their line and column, all at once.
var i = 0
repeat { i += 1 } while i < 3 // expect error: 3:1 'repeat-while' loop is not supported in notebooks
do { print(i) } // expect error: 4:1 'do' statement is not supported in notebooks
func f() {
    defer { print("x") } // expect error: 6:5 'defer' is not supported in notebooks
}
