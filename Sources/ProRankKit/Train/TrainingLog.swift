// What a trainer reports: a log of named per-step series (reward, loss, KL, …) and the progress a host shows.

import Foundation

/// Per-step metrics of one training call, as series by name: `log["reward"]` is the reward of every step.
///
/// Steps are 1-based. A metric missing at a step (e.g. an evaluation run every N steps) is absent from that
/// step's entry; `series(_:)` gives (step, value) pairs, the subscript only the values.
public struct TrainingLog: Sendable, Equatable {
    /// One entry per completed step, in order.
    public private(set) var entries: [(step: Int, metrics: [String: Double])] = []

    public init() {}

    public mutating func append(step: Int, metrics: [String: Double]) {
        entries.append((step, metrics))
    }

    /// Every metric name, sorted.
    public var names: [String] { Array(Set(entries.flatMap(\.metrics.keys))).sorted() }
    public var stepCount: Int { entries.count }

    /// (step, value) of every step that logged `name`.
    public func series(_ name: String) -> [(step: Int, value: Double)] {
        entries.compactMap { e in e.metrics[name].map { (e.step, $0) } }
    }

    /// The values of `name`, in step order.
    public subscript(name: String) -> [Double] { series(name).map(\.value) }

    /// The last logged value of `name`.
    public func last(_ name: String) -> Double? { series(name).last?.value }

    /// Mean of `name` over its first (or last) `count` logged values.
    public func mean(_ name: String, first count: Int) -> Double? { Self.mean(self[name].prefix(count)) }
    public func mean(_ name: String, last count: Int) -> Double? { Self.mean(self[name].suffix(count)) }

    private static func mean(_ x: ArraySlice<Double>) -> Double? { x.isEmpty ? nil : x.reduce(0, +) / Double(x.count) }

    /// Metrics that measure the machine, not the training (wall-clock time): left out of `==`.
    public static let timingMetrics: Set<String> = ["seconds"]

    /// Equal steps and metrics, timing aside: two runs with one seed and thread count compare equal.
    public static func == (a: TrainingLog, b: TrainingLog) -> Bool {
        func content(_ m: [String: Double]) -> [String: Double] { m.filter { !timingMetrics.contains($0.key) } }
        return a.entries.count == b.entries.count
            && zip(a.entries, b.entries).allSatisfy { $0.step == $1.step && content($0.metrics) == content($1.metrics) }
    }
}

/// Where a training call is, told to the host after every step.
public struct TrainingProgress: Sendable {
    public let step: Int
    public let totalSteps: Int
    /// This step's metrics.
    public let metrics: [String: Double]
    /// Seconds since the call started.
    public let elapsed: Double
    /// The step the call started from (> 0 when it resumed from a checkpoint).
    public let firstStep: Int

    public init(step: Int, totalSteps: Int, metrics: [String: Double], elapsed: Double, firstStep: Int = 0) {
        (self.step, self.totalSteps, self.metrics, self.elapsed, self.firstStep) = (step, totalSteps, metrics, elapsed, firstStep)
    }

    /// Estimated seconds left, from the mean time per step of this call.
    public var remaining: Double {
        step <= firstStep ? .infinity : elapsed / Double(step - firstStep) * Double(totalSteps - step)
    }
}

/// Called after every step; returning false stops training between steps (the last checkpoint is kept).
public typealias TrainingProgressHandler = (TrainingProgress) -> Bool
