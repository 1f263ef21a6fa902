// Mean and standard deviation: the kind of numeric code notebooks hold.
import Foundation
let xs: [Double] = [2, 4, 4, 4, 5, 5, 7, 9]
let mean = xs.reduce(0, +) / Double(xs.count)
let variance = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(xs.count)
print(mean, sqrt(variance)) // expect: 5.0 2.0
