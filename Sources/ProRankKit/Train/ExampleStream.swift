// The order in which a trainer visits its examples: epochs of seeded shuffles, optionally per class (balanced
// batches: as many positives as negatives per step). Its whole state is a few counters, saved in checkpoints, so
// a resumed run draws exactly the examples an uninterrupted one would.

/// An endless, seeded stream of example indices drawn from one or more pools.
///
/// Pool p is visited in epochs; epoch e of pool p is a shuffle of the pool seeded by (seed, p, e), so the order
/// depends only on the seed and the position, never on what happened before.
public struct ExampleStream: Sendable, Equatable {
    /// Indices of the examples of each pool.
    public let pools: [[Int]]
    public let seed: UInt64
    /// How many examples each pool has handed out so far.
    public private(set) var drawn: [Int]
    private var orders: [Int: [Int]] = [:]   // cache of the current epoch's order per pool

    public init(pools: [[Int]], seed: UInt64, drawn: [Int]? = nil) {
        precondition(pools.allSatisfy { !$0.isEmpty }, "ExampleStream: empty pool")
        self.pools = pools
        self.seed = seed
        self.drawn = drawn ?? Array(repeating: 0, count: pools.count)
    }

    /// One pool of every index below `count` (plain shuffled epochs).
    public init(count: Int, seed: UInt64) { self.init(pools: [Array(0..<count)], seed: seed) }

    /// Balanced: pool 0 the indices whose label is 1, pool 1 the others.
    public init(labels: [Int], seed: UInt64) {
        self.init(pools: [labels.indices.filter { labels[$0] == 1 }, labels.indices.filter { labels[$0] != 1 }], seed: seed)
    }

    /// The next example of `pool`.
    public mutating func next(pool: Int = 0) -> Int {
        let n = pools[pool].count
        let epoch = drawn[pool] / n, offset = drawn[pool] % n
        if offset == 0 || orders[pool] == nil {
            var rng = SeededRNG(seed: seed &+ UInt64(pool) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(epoch) &* 0xBF58_476D_1CE4_E5B9)
            orders[pool] = rng.shuffled(pools[pool])
        }
        drawn[pool] += 1
        return orders[pool]![offset]
    }

    /// The pool the k-th example of a step comes from: alternating pools (balanced), starting with the pool
    /// whose turn it is after all draws so far.
    public func pool(forSlot slot: Int, step: Int) -> Int { pools.count == 1 ? 0 : (slot + step) % pools.count }

    public static func == (a: ExampleStream, b: ExampleStream) -> Bool { a.pools == b.pools && a.seed == b.seed && a.drawn == b.drawn }
}
