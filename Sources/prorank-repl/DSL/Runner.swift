// One entry point for running DSL source, shared by `prorank-repl exec`, notebooks and the golden tests: lower
// (diagnostics stop the run before anything executes), then interpret. Both run on a thread with a large stack,
// so that deep but legal nesting and recursion up to the depth limit cannot overflow the process's stack.

import Foundation

enum DSLOutcome {
    case finished
    /// Parse errors or constructs outside the subset: nothing ran.
    case rejected([Diagnostic])
    /// A runtime error after some output.
    case failed(Diagnostic)

    /// `exec`'s exit status: 0, 2 for diagnostics, 1 for a runtime error.
    var exitCode: Int32 {
        switch self {
        case .finished: return 0
        case .rejected: return 2
        case .failed: return 1
        }
    }

    var diagnostics: [Diagnostic] {
        switch self {
        case .finished: return []
        case .rejected(let items): return items
        case .failed(let d): return [d]
        }
    }
}

enum DSLRunner {
    /// Stack size of the thread that parses and runs DSL code.
    static let stackSize = 512 << 20

    /// Parses, checks and runs `file`, sending `print` output to `output` as it happens.
    static func run(_ file: SourceFile, limits: Interpreter.Limits = .init(), context: RunContext = RunContext(), output: @escaping (String) -> Void) -> DSLOutcome {
        let box = OutcomeBox(output: output)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.outcome = runHere(file, limits: limits, context: context, output: box.output)
            done.signal()
        }
        thread.stackSize = stackSize
        thread.start()
        done.wait()
        return box.outcome ?? .finished
    }

    /// The parse errors swift-syntax reports for `file` (no subset check): empty for any valid Swift.
    static func parseErrors(_ file: SourceFile) -> [Diagnostic] { Lowering.parseErrors(file) }

    private static func runHere(_ file: SourceFile, limits: Interpreter.Limits, context: RunContext, output: @escaping (String) -> Void) -> DSLOutcome {
        let program: [Stmt]
        switch Lowering.lower(file) {
        case .success(let p): program = p
        case .failure(let list): return .rejected(list.items)
        }
        let interpreter = Interpreter(limits: limits, context: context, output: output)
        do {
            try interpreter.run(program)
            return .finished
        } catch let error as RuntimeError {
            return .failed(error.diagnostic)
        } catch {
            return .failed(Diagnostic(message: "\(error)", location: SourceLocation(line: 1, column: 1)))
        }
    }

    /// Hands the output sink to the run's thread and the outcome back; the caller waits for the thread, so the
    /// two never touch it at the same time.
    private final class OutcomeBox: @unchecked Sendable {
        let output: (String) -> Void
        var outcome: DSLOutcome?
        init(output: @escaping (String) -> Void) { self.output = output }
    }
}
