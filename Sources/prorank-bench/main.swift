// prorank-bench: ProRank's own benchmarks, one JSON line per measurement on stdout (schema and timing rule:
// ../shared/bench/README.md), so they can be compared with the peers' lines from the same run
// (Benchmarks/run.sh, `make bench`). Progress goes to stderr.
//
//   prorank-bench [--threads N] [--reps R] [--only gemm,mlp_step] [--configs SUBSTR[,SUBSTR]]
//
// Run it with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (as run.sh does): this machine's shell sets
// OPENBLAS_CORETYPE=Haswell, which halves OpenBLAS sgemm (see ../shared/reference/machine.md).

import Foundation
import ProRankKit

/// What one run measures and how; passed to every benchmark.
struct BenchContext {
    var threads = 1
    var reps = 5
    var only: [String] = Benchmarks.names
    /// Substrings; when non-empty, only configs containing one of them run.
    var configs: [String] = []

    func wants(_ config: String) -> Bool { configs.isEmpty || configs.contains { config.contains($0) } }
}

/// The benchmarks, in the order they run.
enum Benchmarks {
    static var all: [(name: String, run: (BenchContext) -> Void)] { [
        (GemmBench.name, GemmBench.run),
        (MLPStepBench.name, MLPStepBench.run),
        (ModelBench.forwardName, ModelBench.runForward),
        (ModelBench.trainName, ModelBench.runTrainStep),
        (TokenizeBench.name, TokenizeBench.run),
        (BM25Bench.name, BM25Bench.run),
        (RerankBench.name, RerankBench.run),
        (GRPOBench.name, GRPOBench.run),
        (ScoreStepBench.name, ScoreStepBench.run),
    ] }
    static var names: [String] { all.map(\.name) }
}

let usage = """
    usage: prorank-bench [--threads N] [--reps R] [--only \(Benchmarks.names.joined(separator: ","))] [--configs SUBSTR[,SUBSTR]]
      --threads N   OpenBLAS threads (default 1)
      --reps R      timed repetitions per measurement; the value is their median (default 5)
      --only LIST   benchmarks to run (default all)
      --configs L   only configs whose name contains one of these substrings (default all)
    """

/// A bad command line (an empty message asks for the usage text only).
struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// Parses the arguments by hand (the bench depends on ProRankKit only, so its release build stays fast).
func parseArguments(_ args: [String]) -> Result<BenchContext, UsageError> {
    var context = BenchContext()
    var i = 0
    func value(_ flag: String) -> String? {
        i += 1
        return i < args.count ? args[i] : nil
    }
    while i < args.count {
        let flag = args[i]
        switch flag {
        case "--threads", "--reps":
            guard let text = value(flag), let n = Int(text), n >= 1 else { return .failure(UsageError("\(flag) needs a positive integer")) }
            if flag == "--threads" { context.threads = n } else { context.reps = n }
        case "--only":
            guard let text = value(flag) else { return .failure(UsageError("--only needs a list, e.g. gemm,mlp_step")) }
            let names = text.split(separator: ",").map(String.init)
            if let unknown = names.first(where: { !Benchmarks.names.contains($0) }) {
                return .failure(UsageError("unknown benchmark \(unknown); choose from \(Benchmarks.names.joined(separator: ", "))"))
            }
            context.only = names
        case "--configs":
            guard let text = value(flag) else { return .failure(UsageError("--configs needs a list of substrings")) }
            context.configs = text.split(separator: ",").map(String.init)
        case "-h", "--help":
            return .failure(UsageError(""))
        default:
            return .failure(UsageError("unknown argument \(flag)"))
        }
        i += 1
    }
    return .success(context)
}

/// One `"bench":"env"` line: the machine and library this run measured.
func environmentLine(_ context: BenchContext) -> JSONLine {
    var line = JSONLine(impl: "prorank", bench: "env", config: "-", metric: "info", value: .null, unit: "-",
                        threads: context.threads, reps: context.reps)
    let env = ProcessInfo.processInfo.environment
    line["prorank"] = .string(ProRankKitInfo.version)
    line["blas_core"] = .string(BLAS.coreName)
    line["blas_threads"] = .int(BLAS.threads)
    line["cpu"] = .optional(cpuInfo("model name"))
    // "AMD EPYC" alone does not say which generation (Zen 4 = family 25, model 17 runs AVX-512 on 256-bit units).
    if let family = cpuInfo("cpu family"), let model = cpuInfo("model") {
        line["cpu_family_model"] = .string("\(cpuInfo("vendor_id") ?? "?") family \(family) model \(model)")
    }
    line["nproc"] = .int(ProcessInfo.processInfo.activeProcessorCount)
    line["OPENBLAS_CORETYPE"] = .optional(env["OPENBLAS_CORETYPE"])
    line["OPENBLAS_L2_SIZE"] = .optional(env["OPENBLAS_L2_SIZE"])
    #if DEBUG
    line["build"] = .string("debug")
    #else
    line["build"] = .string("release")
    #endif
    line["load1"] = LoadMeter.loadAverage().map(JSONValue.number) ?? .null
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
    line["time"] = .string(formatter.string(from: Date()))
    return line
}

/// The value of `key` (e.g. "model name") for the first processor in /proc/cpuinfo.
func cpuInfo(_ key: String) -> String? {
    guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") {
        let parts = line.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == key else { continue }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }
    return nil
}

switch parseArguments(Array(CommandLine.arguments.dropFirst())) {
case .failure(let error):
    let message = error.message
    if !message.isEmpty { FileHandle.standardError.write(Data("prorank-bench: \(message)\n".utf8)) }
    FileHandle.standardError.write(Data((usage + "\n").utf8))
    exit(message.isEmpty ? 0 : 2)
case .success(let context):
    BLAS.setThreads(context.threads)
    environmentLine(context).emit()
    for bench in Benchmarks.all where context.only.contains(bench.name) {
        let t0 = Timing.now()
        progress("\(bench.name): start (threads \(context.threads), load1 \(LoadMeter.loadAverage().map { String($0) } ?? "?"))")
        bench.run(context)
        progress("\(bench.name): done in \(String(format: "%.1f", Timing.now() - t0)) s")
    }
}
