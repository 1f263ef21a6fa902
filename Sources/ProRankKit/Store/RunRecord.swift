// The values the run store hands out: run ids and statuses, run rows, parameters, artifacts and metric summaries.
// They carry no GRDB types, so ProRankKit's public API does not leak the storage library.

import Foundation

/// The id of a run in a `RunStore` (SQLite's rowid of the `runs` table; unique within one store file).
public struct RunID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public var description: String { String(rawValue) }
    public static func < (a: RunID, b: RunID) -> Bool { a.rawValue < b.rawValue }
}

/// Where a run stands.
///
/// `running` is written by `startRun`; `finished` and `failed` by `finish`; `unfinished` by whoever next opens the
/// store after the owning process went away without finishing the run (killed, crashed, or closed the store).
public enum RunStatus: String, CaseIterable, Codable, Sendable {
    case running, finished, failed, unfinished
}

/// A run parameter: the JSON scalars that notebook params and training settings use.
///
/// Literals work directly: `["lr": 1e-4, "steps": 100, "loss": "listwise", "lora": true]`.
public enum RunParameter: Hashable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral
{
    case int(Int)
    case double(Double)
    case string(String)
    case bool(Bool)

    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Bool before the numbers: Foundation's decoder would read `true` as the integer 1 otherwise.
        if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int.self) { self = .int(value) }
        else if let value = try? container.decode(Double.self) { self = .double(value) }
        else { self = .string(try container.decode(String.self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let v): try container.encode(v)
        case .double(let v): try container.encode(v)
        case .string(let v): try container.encode(v)
        case .bool(let v): try container.encode(v)
        }
    }

    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .double(let v): return String(v)
        case .string(let v): return v
        case .bool(let v): return String(v)
        }
    }
}

/// Where a run came from and what it ran on; everything optional, recorded when known.
public struct RunProvenance: Hashable, Sendable {
    /// The notebook file (as given to `prorank-repl run`).
    public var notebook: String?
    /// The cell id within the notebook.
    public var cell: String?
    /// Hash of the code that ran (the cell's source, or a script's).
    public var codeHash: String?
    /// Hash of the data (collection, split) the run read.
    public var dataHash: String?
    /// Hash of the model weights the run started from.
    public var modelHash: String?

    public init(notebook: String? = nil, cell: String? = nil, codeHash: String? = nil, dataHash: String? = nil, modelHash: String? = nil) {
        (self.notebook, self.cell, self.codeHash, self.dataHash, self.modelHash) = (notebook, cell, codeHash, dataHash, modelHash)
    }
}

/// One row of the `runs` table.
public struct RunRecord: Hashable, Sendable {
    public var id: RunID
    /// What kind of work: `grpo`, `score-learning`, `eval`, `pretrain`, …
    public var kind: String
    /// A human name, e.g. the notebook variable or a label.
    public var name: String
    public var provenance: RunProvenance
    public var params: [String: RunParameter]
    public var started: Date
    /// When `finish` was called; nil while running, and for `unfinished` runs (when the process died is unknown).
    public var finished: Date?
    public var status: RunStatus
    /// The process that started the run (for display; liveness is decided by the owner lock, see `StoreLocks`).
    public var pid: Int32?
    public var host: String?

    /// Seconds from start to finish, or to `now` while running; nil for an `unfinished` run.
    public func duration(now: Date = Date()) -> TimeInterval? {
        if let finished { return finished.timeIntervalSince(started) }
        return status == .running ? now.timeIntervalSince(started) : nil
    }
}

/// One row of the `artifacts` table: a file a run produced (a checkpoint, a TREC run, a report) and its digest.
public struct ArtifactRecord: Hashable, Sendable {
    public var run: RunID
    /// `checkpoint`, `trec-run`, `report`, `plot`, …
    public var kind: String
    /// The path as given (absolute paths stay absolute).
    public var path: String
    /// Lowercase hex SHA-256 of the file's bytes when it was added.
    public var sha256: String
    public var bytes: Int64
    public var added: Date
}

/// One metric's series in a run, summarised (what `prorank-repl runs show` prints).
public struct MetricSummary: Hashable, Sendable {
    public var name: String
    public var count: Int
    public var firstStep: Int
    public var lastStep: Int
    /// The value at `lastStep`.
    public var last: Double
    public var min: Double
    public var max: Double
}
