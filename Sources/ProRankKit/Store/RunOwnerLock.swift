// How a store tells a live run from one whose process was killed: each process that starts runs holds an
// exclusive `flock` on a small owner file for as long as its `RunStore` lives, and stamps its runs with the
// owner's id. The kernel drops the lock when the process dies, however it dies (SIGKILL included), so an opener
// that can take the lock knows the owner is gone.
//
// Why a lock and not a stored pid: a pid can be reused by an unrelated process after a reboot or a wrap-around,
// and `kill(pid, 0)` answers EPERM for another user's process; a heartbeat needs a timer thread and a timeout
// that is either slow to notice or wrong under load. `flock` is exact and free. It is per open file description,
// so two stores opened in one process see each other as alive too. The pid and host are still stored, for display.
// Limit: flock is not reliable on some network file systems; keep `.prorank/` on a local disk.

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The lock a store process holds while it may own `running` runs; created on the first `startRun`.
final class RunOwnerLock: @unchecked Sendable {  // `fd` is written once in `init` and closed in `deinit` only.
    /// A fresh random id, stored in `runs.owner`.
    let id: String
    let url: URL
    private let fd: Int32

    /// Creates `folder/<id>.lock` and takes an exclusive lock on it.
    init(folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        id = UUID().uuidString.lowercased()
        url = folder.appendingPathComponent("\(id).lock")
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError.cannotOpen(path: url.path, reason: "cannot create the owner lock file: \(Self.errnoText())") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let reason = Self.errnoText()
            close(fd)
            throw StoreError.cannotOpen(path: url.path, reason: "cannot lock the owner lock file: \(reason)")
        }
        self.fd = fd
    }

    deinit {
        // Remove the file first: an opener that then finds no file treats the owner as gone, which it is.
        unlink(url.path)
        close(fd)
    }

    /// Whether the owner `id` (a lock file in `folder`) is still held by a living store.
    ///
    /// A missing file means the owner is gone (it removed its file on close, or never created one). When the lock
    /// can be taken, the owner died: the file is removed so later openers do not test it again.
    static func isAlive(id: String, folder: URL) -> Bool {
        // Owner ids are UUIDs we wrote; anything else (a hand-edited row) has no lock and counts as gone.
        guard UUID(uuidString: id) != nil else { return false }
        let path = folder.appendingPathComponent("\(id).lock").path
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            unlink(path)
            flock(fd, LOCK_UN)
            return false
        }
        // Held (EWOULDBLOCK), or locking is unsupported here: never mark a run that may be alive as unfinished.
        return true
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
