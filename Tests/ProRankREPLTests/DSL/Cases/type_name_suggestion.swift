// Unknown functions suggest the closest builtin.
print(sqr(4.0)) // expect error: 2:7 cannot find 'sqr' in scope; did you mean 'sqrt'?
