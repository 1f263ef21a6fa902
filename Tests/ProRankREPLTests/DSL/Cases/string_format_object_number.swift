// %@ formats objects such as strings; a number under %@ is refused (Foundation would print "(null)").
import Foundation
print(String(format: "%@", 0.5)) // expect error: 3:7 String(format:): '%@' needs a String or an object (use %d or %f for numbers), got 'Double'
