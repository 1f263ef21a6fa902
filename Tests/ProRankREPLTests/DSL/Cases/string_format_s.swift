// swiftc: skip (a Swift String is no C string for %s; the notebook language pads it as C's %s would)
import Foundation
print(String(format: "[%8s] [%-6s] [%.2s]", "bm25", "tok", "abcdef")) // expect: [    bm25] [tok   ] [ab]
