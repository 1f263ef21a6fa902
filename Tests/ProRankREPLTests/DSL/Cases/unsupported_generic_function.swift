// Generic and throwing functions are outside the subset.
func first<T>(_ xs: [T]) -> T { xs[0] } // expect error: 2:11 generic function is not supported in notebooks
func risky() throws -> Int { 1 } // expect error: 3:14 'throws' function is not supported in notebooks
