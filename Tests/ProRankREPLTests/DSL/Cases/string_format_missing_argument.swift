// A specifier without an argument is an error (C's printf would read whatever lies on the stack).
import Foundation
print(String(format: "%.3f and %.3f", 1.0)) // expect error: 3:7 String(format:): '%.3f' has no argument (1 given)
