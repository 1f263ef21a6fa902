// Converting a non-finite Double to Int is a runtime error.
let inf = 1.0 / 0.0
print(Int(inf)) // expect error: 3:7 Double value cannot be converted to Int because it is either infinite or NaN
