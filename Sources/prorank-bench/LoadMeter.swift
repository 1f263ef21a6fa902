// How busy the machine was while we measured. On this 2-vCPU machine another process on the second vCPU changes
// timings, so every measurement line carries the load it was taken under (the peers' `bench_common.LoadMeter`).

import Foundation

/// The load over one measured interval.
struct LoadReading {
    /// 1-minute load average at the start (from /proc/loadavg).
    var load1: Double?
    /// CPU used by *other* processes during the interval, in cores: (busy CPU time of the whole machine − ours) / wall.
    var otherCores: Double?
    /// Our own CPU time (all threads) / wall.
    var ownCores: Double
    /// Hypervisor steal, % of all CPU time.
    var stealPercent: Double?

    var fields: [(String, JSONValue)] {
        [("load1", load1.map(JSONValue.number) ?? .null), ("other_cores", otherCores.map(JSONValue.number) ?? .null),
         ("own_cores", .number(ownCores)), ("steal_pct", stealPercent.map(JSONValue.number) ?? .null)]
    }
}

/// Samples /proc/stat, our process CPU time and the wall clock at `start()`; `stop()` returns the reading.
/// Where /proc is missing (macOS), only `ownCores` is known.
struct LoadMeter {
    private let load1 = LoadMeter.loadAverage()
    private let stat0 = LoadMeter.procStat()
    private let cpu0 = LoadMeter.processCPUSeconds()
    private let wall0 = Timing.now()

    static func start() -> LoadMeter { LoadMeter() }

    func stop() -> LoadReading {
        let wall = Swift.max(Timing.now() - wall0, 1e-9)
        let own = LoadMeter.processCPUSeconds() - cpu0
        var reading = LoadReading(load1: load1, otherCores: nil, ownCores: round2(own / wall), stealPercent: nil)
        if let s0 = stat0, let s1 = LoadMeter.procStat() {
            let busy = Double(s1.busy - s0.busy) / LoadMeter.ticksPerSecond
            reading.otherCores = round2(Swift.max(0, busy - own) / wall)
            let total = Swift.max(1, s1.total - s0.total)
            reading.stealPercent = (1000 * Double(s1.steal - s0.steal) / Double(total)).rounded() / 10
        }
        return reading
    }

    private func round2(_ x: Double) -> Double { (x * 100).rounded() / 100 }

    /// The first field of /proc/loadavg.
    static func loadAverage() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8),
              let first = text.split(separator: " ").first else { return nil }
        return Double(first)
    }

    /// (busy, steal, total) clock ticks summed over all CPUs, from the first line of /proc/stat.
    static func procStat() -> (busy: Int, steal: Int, total: Int)? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = text.split(separator: "\n").first else { return nil }
        let v = line.split(separator: " ").dropFirst().compactMap { Int($0) }
        guard v.count >= 7 else { return nil }
        let (user, nice, system, idle, iowait, irq, softirq) = (v[0], v[1], v[2], v[3], v[4], v[5], v[6])
        let steal = v.count > 7 ? v[7] : 0
        let busy = user + nice + system + irq + softirq
        return (busy, steal, busy + idle + iowait + steal)
    }

    /// CPU time of this process, all threads (OpenBLAS workers included).
    static func processCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    static let ticksPerSecond: Double = {
        let hz = sysconf(Int32(_SC_CLK_TCK))
        return hz > 0 ? Double(hz) : 100
    }()
}
