// Widths and precisions are bounded, so a format cannot ask for gigabytes of padding.
import Foundation
print(String(format: "%99999999999999999999d", 1)) // expect error: 3:7 String(format:): width and precision must be at most 1000
