// Seeded draws the Data layer needs (bounded integers, coin flips, weighted picks, samples without replacement),
// written out here instead of the standard library's `random(in:using:)`/`shuffled(using:)` so that a collection
// or a training-sample list generated from a seed stays the same across Swift versions and platforms.

import Foundation

extension SeededRNG {
    /// Uniform in `0..<bound` (Lemire's multiply-shift; the bias is below 2⁻⁵⁰ for the bounds used here).
    mutating func index(below bound: Int) -> Int {
        precondition(bound > 0, "index(below:) needs a positive bound, got \(bound)")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// Uniform in `range`.
    mutating func integer(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + index(below: range.count)
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { nextDouble() < p }

    /// One element of a non-empty array, uniformly.
    mutating func element<T>(of items: [T]) -> T {
        items[index(below: items.count)]
    }

    /// A Fisher–Yates shuffle of `items`.
    mutating func shuffled<T>(_ items: [T]) -> [T] {
        var out = items
        if out.count < 2 { return out }
        for i in stride(from: out.count - 1, to: 0, by: -1) {
            out.swapAt(i, index(below: i + 1))
        }
        return out
    }

    /// `k` distinct elements of `items` (all of them, shuffled, when `k ≥ items.count`), in draw order.
    mutating func sample<T>(_ items: [T], count k: Int) -> [T] {
        var pool = items
        let n = min(max(k, 0), pool.count)
        for i in 0..<n { pool.swapAt(i, i + index(below: pool.count - i)) }
        return Array(pool[0..<n])
    }
}

/// A discrete distribution over `0..<count` drawn by binary search in the cumulative weights.
struct WeightedIndex: Sendable {
    private let cumulative: [Double]

    /// Weights `1 / (rank + 1)^exponent`: Zipf's law over `count` items, the first the most frequent.
    init(zipf count: Int, exponent: Double = 1) {
        self.init(weights: (0..<count).map { 1 / pow(Double($0 + 1), exponent) })
    }

    init(weights: [Double]) {
        precondition(!weights.isEmpty && weights.allSatisfy { $0 >= 0 }, "WeightedIndex needs non-negative weights")
        var total = 0.0
        cumulative = weights.map { total += $0; return total }
        precondition(total > 0, "WeightedIndex needs a positive total weight")
    }

    func draw(_ rng: inout SeededRNG) -> Int {
        let u = rng.nextDouble() * cumulative[cumulative.count - 1]
        var low = 0, high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] > u { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
