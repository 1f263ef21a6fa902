// Foundation string methods.
import Foundation
print("a-b-c".components(separatedBy: "-")) // expect: ["a", "b", "c"]
print("hello world".replacingOccurrences(of: "o", with: "0")) // expect: hell0 w0rld
