// Dot-shorthand enum values in a switch.
import Foundation
let text = "  padded \n"
print(text.trimmingCharacters(in: .whitespacesAndNewlines)) // expect: padded
