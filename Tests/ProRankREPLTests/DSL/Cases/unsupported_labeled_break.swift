// Labeled statements are outside the subset.
outer: for i in 0..<3 { // expect error: 2:1 labeled statement is not supported in notebooks
    break outer
}
