// An endless loop runs out of the step budget instead of hanging.
var n = 0
while true { // expect error: 3:1 step budget of 10000000 evaluation steps exhausted (an endless loop?)
}
