// The run store's schema as named GRDB migrations, applied once each, in order, each in its own transaction.
// Never edit a shipped migration: add a new one (a store written by an older ProRank then upgrades in place).

import GRDB

extension RunStore {
    /// The migrations, in the order they apply. `grdb_migrations` records which ones a store file has.
    ///
    /// ```
    /// runs      (id, kind, name, notebook, cell, params JSON, code_hash, data_hash, model_hash,
    ///            started, finished, status, owner, pid, host)
    /// metrics   (run → runs.id, step, name, value)        index (run, name, step)
    /// artifacts (id, run → runs.id, kind, path, sha256, bytes, added)
    /// ```
    /// Dates are GRDB's text form (`yyyy-MM-dd HH:mm:ss.SSS`, UTC), readable with the `sqlite3` shell.
    /// A metric value is NULL when it was NaN (SQLite has no NaN); it reads back as `.nan`.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-runs") { db in
            try db.execute(sql: """
                CREATE TABLE runs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    kind TEXT NOT NULL,
                    name TEXT NOT NULL,
                    notebook TEXT,
                    cell TEXT,
                    params TEXT NOT NULL DEFAULT '{}',
                    code_hash TEXT,
                    data_hash TEXT,
                    model_hash TEXT,
                    started DATETIME NOT NULL,
                    finished DATETIME,
                    status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'unfinished')),
                    owner TEXT,
                    pid INTEGER,
                    host TEXT
                );
                CREATE INDEX runs_status ON runs(status);
                """)
        }
        migrator.registerMigration("v2-metrics") { db in
            // No rowid alias: the (run, name, step) index is what every read uses.
            try db.execute(sql: """
                CREATE TABLE metrics (
                    run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    step INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    value REAL
                );
                CREATE INDEX metrics_run_name_step ON metrics(run, name, step);
                """)
        }
        migrator.registerMigration("v3-artifacts") { db in
            try db.execute(sql: """
                CREATE TABLE artifacts (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    path TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    bytes INTEGER NOT NULL,
                    added DATETIME NOT NULL
                );
                CREATE INDEX artifacts_run ON artifacts(run);
                """)
        }
        return migrator
    }

    /// The names of all migrations this build knows, in order.
    public static var migrationNames: [String] { migrator.migrations }
}
