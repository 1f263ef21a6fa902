// Unknown names suggest the closest defined name.
let threshold = 3
print(treshold) // expect error: 3:7 cannot find 'treshold' in scope; did you mean 'threshold'?
