// Default arguments are evaluated per call.
func scaled(_ x: Double, by factor: Double = 2) -> Double { x * factor }
print(scaled(1.5), scaled(1.5, by: 3)) // expect: 3.0 4.5
