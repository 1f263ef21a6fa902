// What a DSL run gets from its host (exec, a notebook, a test): the files it may touch, the run store that
// `runs()` reads, and the flag that interrupts it. The interpreter polls the flag while it counts steps, so an
// endless loop stops at Ctrl-C even with a large step budget; the first Ctrl-C asks, the second one exits.

import Foundation
import ProRankKit
import Synchronization

/// A request to stop a run, set from another thread or a signal handler.
final class InterruptFlag: Sendable {
    private let requested = Atomic<Bool>(false)

    func request() { requested.store(true, ordering: .relaxed) }

    /// Whether a stop was requested; reading it clears it, so the next run starts afresh.
    func consume() -> Bool { requested.exchange(false, ordering: .relaxed) }

    /// The flag SIGINT sets once `installSignalHandler()` ran.
    static let sigint = InterruptFlag()
    private static let pressed = Atomic<Int>(0)

    /// Ctrl-C once: `sigint` is set and the run stops with "interrupted" at the statement it was running.
    /// Ctrl-C again before the run noticed: the process exits with status 130 (a kernel call that runs long).
    static func installSignalHandler() {
        signal(SIGINT) { _ in
            if InterruptFlag.pressed.add(1, ordering: .relaxed).newValue > 1 { _exit(130) }
            InterruptFlag.sigint.request()
        }
    }
}

/// The host's side of a run.
struct RunContext: Sendable {
    var files: FileAccess
    /// The SQLite run store `runs()` lists (never created by reading it).
    var runStorePath: String
    var interrupt: InterruptFlag

    init(files: FileAccess = .currentFolder, runStorePath: String = RunStore.defaultPath, interrupt: InterruptFlag = InterruptFlag()) {
        (self.files, self.runStorePath, self.interrupt) = (files, runStorePath, interrupt)
    }
}
