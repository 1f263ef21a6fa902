// Math functions and constants.
import Foundation
print(sqrt(16.0), abs(-3), abs(-2.5)) // expect: 4.0 3 2.5
print(exp(0.0), log(1.0)) // expect: 1.0 0.0
print(pow(2.0, 10.0)) // expect: 1024.0
print(min(3, 7), max(3, 7), min(2.5, 1.0)) // expect: 3 7 1.0
print(max(1, 2, 9, 4)) // expect: 9
print(floor(2.7), ceil(2.1)) // expect: 2.0 3.0
print(Double.pi > 3.14, Int.max) // expect: true 9223372036854775807
