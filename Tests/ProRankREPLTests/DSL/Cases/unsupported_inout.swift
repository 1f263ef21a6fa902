// inout parameters are outside the subset.
func bump(_ x: inout Int) { x += 1 } // expect error: 2:16 'inout Int' parameter is not supported in notebooks
