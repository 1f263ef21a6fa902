// Errors of the run store: each names the database file (and the run) and gives a hint.

/// Errors of the `Store` layer (the SQLite run store).
public enum StoreError: Error, CustomStringConvertible, Equatable, Sendable {
    /// There is no store file at the path (reading commands do not create one).
    case notFound(path: String)
    /// The database could not be opened, created or migrated.
    case cannotOpen(path: String, reason: String)
    /// No run has this id in the store.
    case unknownRun(path: String, id: Int64)
    /// The run exists but logged no metric of this name.
    case unknownMetric(path: String, id: Int64, name: String, available: [String])
    /// The run exists but is no longer `running`, so it cannot be finished (again).
    case notRunning(path: String, id: Int64, status: RunStatus)
    /// `finish` was asked for a status that does not end a run.
    case invalidFinalStatus(RunStatus)
    /// An artifact file could not be read to compute its sha256.
    case artifactUnreadable(path: String, reason: String)
    /// A read or write failed in SQLite.
    case database(path: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let path):
            return "\(path): no run store here (hint: runs are recorded by training and evaluation calls; pass --store PATH for another store)"
        case .cannotOpen(let path, let reason):
            return "\(path): cannot open the run store: \(reason) (hint: check that the folder is writable and the file is a ProRank run store, or pass another path with --store)"
        case .unknownRun(let path, let id):
            return "\(path): no run with id \(id) (hint: `prorank-repl runs list --store \(path)` shows the runs)"
        case .unknownMetric(let path, let id, let name, let available):
            let names = available.isEmpty ? "it logged no metrics" : "it has \(available.joined(separator: ", "))"
            return "\(path): run \(id) has no metric \"\(name)\" (hint: \(names))"
        case .notRunning(let path, let id, let status):
            return "\(path): run \(id) is \(status.rawValue), not running (hint: a run is finished once; a killed process's run is marked unfinished)"
        case .invalidFinalStatus(let status):
            return "cannot finish a run with status \(status.rawValue) (hint: use .finished or .failed)"
        case .artifactUnreadable(let path, let reason):
            return "\(path): cannot read the artifact to hash it: \(reason) (hint: add artifacts after writing them)"
        case .database(let path, let reason):
            return "\(path): \(reason)"
        }
    }
}
