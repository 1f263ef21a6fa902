// A range whose upper bound is below its lower bound is a runtime error.
let lo = 5
let hi = 2
for i in lo..<hi { print(i) } // expect error: 4:12 range requires lowerBound <= upperBound (5..<2)
