// Reading the run store: the run list, one run, a metric's series, metric summaries and artifacts.
// Every read is one read transaction on a pool reader, so it never waits for (or half-sees) a writing run.

import Foundation
import GRDB

extension RunStore {
    /// The most recent runs, newest first; `kind` keeps only runs of that kind.
    public func runs(limit: Int = 50, kind: String? = nil) throws -> [RunRecord] {
        try read { db in
            let filter = kind == nil ? "" : "WHERE kind = ?"
            let arguments: StatementArguments = (kind.map { [$0] } ?? []) + [max(0, limit)]
            return try Row.fetchAll(db, sql: "SELECT * FROM runs \(filter) ORDER BY id DESC LIMIT ?", arguments: arguments)
                .map(runRecord)
        }
    }

    /// The run `id`; throws `StoreError.unknownRun` when there is none.
    public func run(_ id: RunID) throws -> RunRecord {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id.rawValue]) else {
                throw StoreError.unknownRun(path: url.path, id: id.rawValue)
            }
            return try runRecord(row)
        }
    }

    /// The series of metric `name` in `run`, by step (NaN values come back as `.nan`). Empty when the run has no
    /// such metric; throws `StoreError.unknownRun` when there is no such run.
    public func metrics(run: RunID, name: String) throws -> [(step: Int, value: Double)] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT step, value FROM metrics WHERE run = ? AND name = ? ORDER BY step, rowid",
                                        arguments: [run.rawValue, name])
            if rows.isEmpty { try requireRun(run, db) }
            return try rows.map { row in
                (step: try row.decode(Int.self, atIndex: 0), value: try row.decode(Double?.self, atIndex: 1) ?? .nan)
            }
        }
    }

    /// One summary per metric name of `run`, sorted by name.
    public func metricSummaries(run: RunID) throws -> [MetricSummary] {
        try read { db in
            try requireRun(run, db)
            // The last value is the one at the highest step (the last logged, when a step was logged twice).
            let rows = try Row.fetchAll(db, sql: """
                SELECT name, COUNT(*) AS count, MIN(step) AS first_step, MAX(step) AS last_step,
                       MIN(value) AS min_value, MAX(value) AS max_value,
                       (SELECT value FROM metrics AS m WHERE m.run = metrics.run AND m.name = metrics.name
                        ORDER BY step DESC, rowid DESC LIMIT 1) AS last_value
                FROM metrics WHERE run = ? GROUP BY name ORDER BY name
                """, arguments: [run.rawValue])
            return try rows.map { row in
                MetricSummary(
                    name: try row.decode(String.self, forColumn: "name"),
                    count: try row.decode(Int.self, forColumn: "count"),
                    firstStep: try row.decode(Int.self, forColumn: "first_step"),
                    lastStep: try row.decode(Int.self, forColumn: "last_step"),
                    last: try row.decode(Double?.self, forColumn: "last_value") ?? .nan,
                    min: try row.decode(Double?.self, forColumn: "min_value") ?? .nan,
                    max: try row.decode(Double?.self, forColumn: "max_value") ?? .nan)
            }
        }
    }

    /// The names of the metrics `run` logged, sorted.
    public func metricNames(run: RunID) throws -> [String] {
        try read { db in
            try requireRun(run, db)
            return try String.fetchAll(db, sql: "SELECT DISTINCT name FROM metrics WHERE run = ? ORDER BY name", arguments: [run.rawValue])
        }
    }

    /// The artifacts of `run`, in the order they were added.
    public func artifacts(run: RunID) throws -> [ArtifactRecord] {
        try read { db in
            try requireRun(run, db)
            return try Row.fetchAll(db, sql: "SELECT * FROM artifacts WHERE run = ? ORDER BY id", arguments: [run.rawValue]).map { row in
                ArtifactRecord(
                    run: run,
                    kind: try row.decode(String.self, forColumn: "kind"),
                    path: try row.decode(String.self, forColumn: "path"),
                    sha256: try row.decode(String.self, forColumn: "sha256"),
                    bytes: try row.decode(Int64.self, forColumn: "bytes"),
                    added: try row.decode(Date.self, forColumn: "added"))
            }
        }
    }

    /// The migrations recorded in the file, in the order they were applied.
    public func appliedMigrations() throws -> [String] {
        try read { db in try Self.migrator.appliedMigrations(db) }
    }

    /// SQLite's journal mode for this store's connections (`wal`).
    public func journalMode() throws -> String {
        try read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    // MARK: Decoding

    private func requireRun(_ run: RunID, _ db: Database) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM runs WHERE id = ?", arguments: [run.rawValue]) != nil else {
            throw StoreError.unknownRun(path: url.path, id: run.rawValue)
        }
    }

    /// A `runs` row as a `RunRecord`; a hand-edited row with an unknown status or bad params JSON is an error,
    /// never a crash.
    private func runRecord(_ row: Row) throws -> RunRecord {
        let id = try row.decode(Int64.self, forColumn: "id")
        let statusText = try row.decode(String.self, forColumn: "status")
        guard let status = RunStatus(rawValue: statusText) else {
            throw StoreError.database(path: url.path, reason: "run \(id) has an unknown status \"\(statusText)\"")
        }
        let paramsText = try row.decode(String.self, forColumn: "params")
        let params: [String: RunParameter]
        do {
            params = try JSONDecoder().decode([String: RunParameter].self, from: Data(paramsText.utf8))
        } catch {
            throw StoreError.database(path: url.path, reason: "run \(id) has params that are not a JSON object of scalars: \(paramsText)")
        }
        return RunRecord(
            id: RunID(id),
            kind: try row.decode(String.self, forColumn: "kind"),
            name: try row.decode(String.self, forColumn: "name"),
            provenance: RunProvenance(
                notebook: try row.decode(String?.self, forColumn: "notebook"),
                cell: try row.decode(String?.self, forColumn: "cell"),
                codeHash: try row.decode(String?.self, forColumn: "code_hash"),
                dataHash: try row.decode(String?.self, forColumn: "data_hash"),
                modelHash: try row.decode(String?.self, forColumn: "model_hash")),
            params: params,
            started: try row.decode(Date.self, forColumn: "started"),
            finished: try row.decode(Date?.self, forColumn: "finished"),
            status: status,
            pid: try row.decode(Int64?.self, forColumn: "pid").map { Int32(truncatingIfNeeded: $0) },
            host: try row.decode(String?.self, forColumn: "host"))
    }
}
