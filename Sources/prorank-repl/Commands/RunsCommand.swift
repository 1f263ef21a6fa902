// `prorank-repl runs [list|show ID|metrics ID NAME] [--store PATH]`: the run store as human-readable tables
// (DESIGN.md §8). Times are UTC. The hidden `runs _simulate` exists for the store's crash test only.

import ArgumentParser
import Foundation
import ProRankKit

struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List the recorded training and evaluation runs, show one, or print one metric's series.",
        subcommands: [List.self, Show.self, Metrics.self, Simulate.self],
        defaultSubcommand: List.self
    )

    struct StoreOptions: ParsableArguments {
        @Option(name: .customLong("store"), help: "The run store (SQLite file).")
        var path = RunStore.defaultPath

        /// Opens an existing store; reading commands never create one.
        func open() throws -> RunStore {
            guard FileManager.default.fileExists(atPath: path) else { throw StoreError.notFound(path: path) }
            return try RunStore(path: path)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the most recent runs, newest first.")

        @OptionGroup var store: StoreOptions

        @Option(help: "How many runs to list.")
        var limit = 50

        @Option(help: "Only runs of this kind (grpo, score-learning, eval, …).")
        var kind: String?

        func run() throws {
            guard FileManager.default.fileExists(atPath: store.path) else {
                print("no runs yet: no run store at \(store.path)")
                return
            }
            let runs = try store.open().runs(limit: limit, kind: kind)
            if runs.isEmpty {
                print("no runs in \(store.path)")
                return
            }
            let rows = runs.map { run in
                [run.id.description, run.kind, run.name, run.status.rawValue, RunsFormat.date(run.started),
                 RunsFormat.duration(run.duration()), [run.provenance.notebook, run.provenance.cell].compactMap { $0 }.joined(separator: "#")]
            }
            print(RunsFormat.table(["ID", "KIND", "NAME", "STATUS", "STARTED (UTC)", "DURATION", "NOTEBOOK#CELL"], rows), terminator: "")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one run: parameters, provenance, metric summaries and artifacts.")

        @Argument(help: "The run id (see `prorank-repl runs list`).")
        var id: Int64

        @OptionGroup var store: StoreOptions

        func run() throws {
            let store = try store.open()
            let run = try store.run(RunID(id))
            var lines = ["run \(run.id): \(run.kind) \"\(run.name)\" — \(run.status.rawValue)"]
            lines.append("  started   \(RunsFormat.date(run.started)) UTC")
            if let finished = run.finished { lines.append("  finished  \(RunsFormat.date(finished)) UTC (\(RunsFormat.duration(run.duration())))") }
            if let notebook = run.provenance.notebook { lines.append("  notebook  \(notebook)\(run.provenance.cell.map { " cell \($0)" } ?? "")") }
            let hashes = [("code", run.provenance.codeHash), ("data", run.provenance.dataHash), ("model", run.provenance.modelHash)]
                .compactMap { name, hash in hash.map { "\(name) \($0)" } }
            if !hashes.isEmpty { lines.append("  hashes    \(hashes.joined(separator: ", "))") }
            if let pid = run.pid { lines.append("  process   pid \(pid)\(run.host.map { " on \($0)" } ?? "")") }
            let params = run.params.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            lines.append("  params    \(params.isEmpty ? "(none)" : params.joined(separator: " "))")
            print(lines.joined(separator: "\n"))

            let metrics = try store.metricSummaries(run: run.id)
            print("metrics")
            if metrics.isEmpty {
                print("  (none)")
            } else {
                let rows = metrics.map { m in
                    [m.name, String(m.count), "\(m.firstStep)…\(m.lastStep)", RunsFormat.number(m.last), RunsFormat.number(m.min), RunsFormat.number(m.max)]
                }
                print(RunsFormat.table(["NAME", "COUNT", "STEPS", "LAST", "MIN", "MAX"], rows, indent: "  "), terminator: "")
            }
            let artifacts = try store.artifacts(run: run.id)
            print("artifacts")
            if artifacts.isEmpty {
                print("  (none)")
            } else {
                let rows = artifacts.map { [$0.kind, $0.path, String($0.bytes), $0.sha256] }
                print(RunsFormat.table(["KIND", "PATH", "BYTES", "SHA256"], rows, indent: "  "), terminator: "")
            }
        }
    }

    struct Metrics: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one metric of a run, step by step.")

        @Argument(help: "The run id.")
        var id: Int64

        @Argument(help: "The metric name (see `prorank-repl runs show ID`).")
        var name: String

        @OptionGroup var store: StoreOptions

        func run() throws {
            let store = try store.open()
            let series = try store.metrics(run: RunID(id), name: name)
            guard !series.isEmpty else {
                let names = try store.metricNames(run: RunID(id))
                throw StoreError.unknownMetric(path: store.url.path, id: id, name: name, available: names)
            }
            print(RunsFormat.table(["STEP", name.uppercased()], series.map { [String($0.step), RunsFormat.number($0.value)] }), terminator: "")
        }
    }

    /// Test support: starts a run, logs `steps` steps `sleepMs` apart (printing `step N` after each commit), then
    /// finishes it. The store's crash test kills it with SIGKILL part-way.
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "_simulate", abstract: "Write a simulated run (for tests).", shouldDisplay: false)

        @OptionGroup var store: StoreOptions

        @Option(help: "Steps to log.")
        var steps = 10

        @Option(name: .customLong("sleep-ms"), help: "Milliseconds between steps.")
        var sleepMs = 0

        func run() throws {
            let store = try RunStore(path: store.path)
            let run = try store.startRun(kind: "simulate", name: "simulated", params: ["steps": .int(steps), "sleepMs": .int(sleepMs)])
            emit("run \(run)")
            for step in 0..<steps {
                try store.log(run: run, step: step, metrics: ["loss": 1 / Double(step + 1), "reward": Double(step) / Double(max(1, steps))])
                emit("step \(step)")
                if sleepMs > 0 { usleep(useconds_t(sleepMs) * 1000) }
            }
            try store.finish(run, status: .finished)
            emit("finished")
        }

        /// Unbuffered, so a reader sees each line as soon as the step is committed.
        private func emit(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
    }
}

/// Text formatting for the runs tables.
enum RunsFormat {
    /// Left-aligned columns, two spaces apart, one line per row (each ending in a newline).
    static func table(_ header: [String], _ rows: [[String]], indent: String = "") -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        return all.map { row in
            let cells = row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }
            var line = indent + cells.joined(separator: "  ")
            while line.last == " " { line.removeLast() }  // an empty last column leaves no trailing blanks
            return line
        }.joined(separator: "\n") + "\n"
    }

    static func date(_ date: Date) -> String { formatter.string(from: date) }

    static func duration(_ seconds: TimeInterval?) -> String {
        guard let seconds else { return "-" }
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds.rounded())
        return whole < 3600 ? String(format: "%d:%02d", whole / 60, whole % 60) : String(format: "%d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60)
    }

    static func number(_ value: Double) -> String { value.isNaN ? "nan" : String(format: "%.6g", value) }

    private static let formatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter
    }()
}
