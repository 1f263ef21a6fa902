// String(format:) as Foundation formats: the usual way to print metrics with fixed decimals.
import Foundation
let ndcg = 0.6759123
print(String(format: "nDCG@10 %.4f", ndcg)) // expect: nDCG@10 0.6759
print(String(format: "%5d|%-5d|%05d|%+d", 42, 42, 42, 42)) // expect:    42|42   |00042|+42
print(String(format: "%x %X %o", 255, 255, 8)) // expect: ff FF 10
print(String(format: "%e %g %.2f%%", 12345.678, 0.0001, 99.5)) // expect: 1.234568e+04 0.0001 99.50%
print(String(format: "[%@] [%8@] [%@]", "run", "bm25", "0.5")) // expect: [run] [bm25] [0.5]
print(String(format: "%ld items, %.1f s", 3, 2.25)) // expect: 3 items, 2.2 s
print(String(format: "no specifiers")) // expect: no specifiers
