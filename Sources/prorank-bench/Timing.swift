// The timing rule shared with the peer benchmarks (../shared/bench/README.md, "How every timing is taken"):
// `warmup` untimed calls, one untimed calibration call, then `reps` repetitions; a repetition is k back-to-back
// calls with k = ceil(0.25 s / calibration time), so short calls are timed in groups of at least 0.25 s; the value
// of a repetition is work / (repetition time / k), and the reported value is the median over repetitions.

import Foundation

/// The per-call times of one workload.
struct TimedReps {
    /// Seconds per call, one entry per repetition (repetition time / `callsPerRep`).
    let secondsPerCall: [Double]
    /// k: calls in one repetition.
    let callsPerRep: Int
    /// Calls made before the first timed one (warm-up + calibration), for callers that log something per call.
    let untimedCalls: Int
    /// Machine load during this workload's repetitions.
    let load: LoadReading

    /// `work / seconds per call` for each repetition (e.g. FLOPs → FLOP/s).
    func rates(work: Double) -> [Double] { secondsPerCall.map { work / $0 } }
}

enum Timing {
    /// Shortest timed repetition, in seconds.
    static let minRepSeconds = 0.25

    /// Monotonic wall clock in seconds.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Times one workload by the rule above.
    static func timeReps(reps: Int, warmup: Int, _ call: () -> Void) -> TimedReps {
        withoutActuallyEscaping(call) { timeInterleaved(reps: reps, warmup: warmup, [$0])[0] }
    }

    /// Times several workloads by the rule above with their repetitions interleaved (rep 1 of each workload,
    /// then rep 2 of each, …), so that a change in machine load during the run hits all of them alike and their
    /// ratio stays meaningful. Each workload gets its own warm-up, calibration and k.
    static func timeInterleaved(reps: Int, warmup: Int, _ calls: [() -> Void]) -> [TimedReps] {
        precondition(reps >= 1, "Timing: needs at least one repetition, got \(reps)")
        let ks = calls.map { call -> Int in
            for _ in 0..<warmup { call() }
            let t0 = now()
            call()
            let dt = Swift.max(now() - t0, 1e-9)
            return Swift.max(1, Int((minRepSeconds / dt).rounded(.up)))
        }
        var perCall = Array(repeating: [Double](), count: calls.count)
        var spans = Array(repeating: [RepLoad](), count: calls.count)
        for _ in 0..<reps {
            for (w, call) in calls.enumerated() {
                let meter = LoadMeter.start()
                let t0 = now()
                for _ in 0..<ks[w] { call() }
                let elapsed = now() - t0
                spans[w].append(RepLoad(reading: meter.stop(), seconds: elapsed))
                perCall[w].append(elapsed / Double(ks[w]))
            }
        }
        return calls.indices.map {
            TimedReps(secondsPerCall: perCall[$0], callsPerRep: ks[$0], untimedCalls: warmup + 1,
                      load: RepLoad.combine(spans[$0]))
        }
    }
}

/// The load of one repetition, weighted by its duration when repetitions are combined.
private struct RepLoad {
    let reading: LoadReading
    let seconds: Double

    /// Time-weighted mean over the repetitions; `load1` is the one at the start of the first.
    static func combine(_ spans: [RepLoad]) -> LoadReading {
        let total = Swift.max(spans.reduce(0) { $0 + $1.seconds }, 1e-9)
        func mean(_ key: (LoadReading) -> Double?) -> Double? {
            var acc = 0.0
            for s in spans {
                guard let v = key(s.reading) else { return nil }
                acc += v * s.seconds
            }
            return (acc / total * 100).rounded() / 100
        }
        return LoadReading(load1: spans.first?.reading.load1, otherCores: mean(\.otherCores),
                           ownCores: mean { $0.ownCores } ?? 0, stealPercent: mean(\.stealPercent))
    }
}

extension Array where Element == Double {
    /// Median (mean of the two middle values for an even count); NaN when empty.
    var median: Double {
        guard !isEmpty else { return .nan }
        let s = sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
