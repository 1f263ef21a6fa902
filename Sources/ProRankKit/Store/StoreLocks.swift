// The run store's file locks, in `runs.sqlite-locks/` beside the database (like SQLite's `-wal` and `-shm`):
//
// - `open.lock` serialises opening a store (creating the file, switching it to WAL, migrating, marking abandoned
//   runs) across threads and processes. SQLite alone does not make that safe: two connections switching a new file
//   to WAL at once can get "database is locked" without the busy handler being asked, and GRDB's migrator reads
//   which migrations a file has before it takes the write lock, so two openers can both run one migration.
// - `owner-<uuid>.lock` is held by every store that has started runs, for as long as it lives; its runs record the
//   uuid. This is how an opener tells a live run from one whose process was killed: the kernel drops an `flock`
//   when the process dies, however it dies (SIGKILL included), so an opener that can take the lock knows the owner
//   is gone and marks its `running` runs `unfinished`.
//
// Why a lock and not a stored pid: a pid can be reused by an unrelated process after a reboot or a wrap-around,
// and `kill(pid, 0)` answers EPERM for another user's process; a heartbeat needs a timer thread and a timeout that
// is either slow to notice or wrong under load. `flock` is exact and costs nothing while running. It is per open
// file description, so two stores opened in one process see each other as alive too. The pid and host are still
// stored, for display. Limit: flock is not reliable on some network file systems; keep `.prorank/` on a local disk.

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on a file, released when the value is dropped or its process dies.
final class FileLock: @unchecked Sendable {  // `fd` is set once in `init` and closed in `deinit` only.
    let url: URL
    private let fd: Int32
    private let removeOnRelease: Bool

    /// Creates the file if needed and takes the lock, retrying every 10 ms for up to `timeout` seconds.
    ///
    /// - Parameter removeOnRelease: delete the file when the lock is released (owner locks: a missing file then
    ///   reads as "owner gone", which it is).
    init(url: URL, timeout: TimeInterval, removeOnRelease: Bool) throws {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw StoreError.cannotOpen(path: url.path, reason: "cannot create the lock folder: \(error.localizedDescription)")
        }
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError.cannotOpen(path: url.path, reason: "cannot create the lock file: \(Self.errnoText())") }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            let reason = code == EWOULDBLOCK ? "another process holds it for longer than \(timeout) s" : String(cString: strerror(code))
            guard code == EWOULDBLOCK || code == EINTR, Date() < deadline else {
                close(fd)
                throw StoreError.cannotOpen(path: url.path, reason: "cannot take the lock: \(reason)")
            }
            usleep(10_000)
        }
        (self.url, self.fd, self.removeOnRelease) = (url, fd, removeOnRelease)
    }

    deinit {
        if removeOnRelease { unlink(url.path) }  // before the unlock, so no opener sees a free lock on a live file
        close(fd)
    }

    /// Whether another open file description holds the lock on `url`. A missing file counts as free. Taking the
    /// lock succeeds only when its holder is gone; the file is then removed so later openers do not test it again.
    static func isHeld(_ url: URL) -> Bool {
        let fd = open(url.path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            unlink(url.path)
            flock(fd, LOCK_UN)
            return false
        }
        // Held (EWOULDBLOCK), or locking is unsupported here: never mark a run that may be alive as unfinished.
        return true
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}

/// The lock files of one store.
struct StoreLocks {
    /// `<database>-locks/`.
    let folder: URL

    init(database: URL) { folder = URL(fileURLWithPath: database.path + "-locks") }

    /// Held while a store opens.
    var open: URL { folder.appendingPathComponent("open.lock") }

    /// The lock of owner `id`.
    func owner(_ id: String) -> URL { folder.appendingPathComponent("owner-\(id).lock") }

    /// Takes a new owner lock (a fresh random id) for a store about to start runs.
    func newOwner() throws -> (id: String, lock: FileLock) {
        let id = UUID().uuidString.lowercased()
        return (id, try FileLock(url: owner(id), timeout: 0, removeOnRelease: true))
    }

    /// Whether the owner `id` still lives. Owner ids are UUIDs this code wrote; anything else (a hand-edited row)
    /// has no lock and counts as gone.
    func isAlive(owner id: String) -> Bool {
        UUID(uuidString: id) != nil && FileLock.isHeld(owner(id))
    }
}
