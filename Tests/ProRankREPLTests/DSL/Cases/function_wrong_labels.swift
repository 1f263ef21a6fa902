// A call with the wrong labels names the expected signature.
func area(width: Double, height: Double) -> Double { width * height }
print(area(width: 2, height: 3)) // expect: 6.0
print(area(w: 2, h: 3)) // expect error: 4:7 incorrect arguments in call: have 'area(w:h:)', expected 'area(width:height:)'
