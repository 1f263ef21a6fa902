// String(format:) checks each specifier against its argument instead of printing garbage or crashing.
import Foundation
let label = String(format: "%d queries", 2.5) // expect error: 3:13 String(format:): '%d' needs an Int, got 'Double'
