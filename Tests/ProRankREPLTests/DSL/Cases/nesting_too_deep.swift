// Brackets nested more than 16 deep are refused before parsing (parsing them takes exponential time).
let ok = [[[[1]]]]
let deep = [[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]] // expect error: 3:28 brackets nested more than 16 deep are not supported in notebooks
