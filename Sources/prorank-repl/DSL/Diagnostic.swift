// Diagnostics of the notebook language as values (after swift-syntax's `SwiftDiagnostics/Message.swift`): a
// severity, a message, a place in a source file, optional notes and fix-its. Parse errors, "not supported in
// notebooks" rejections and runtime errors all end up here, so that every front end (exec, notebooks, tests)
// renders them the same way:
//
//     cell.swift:3:9: error: division by zero
//     let y = x / 0
//             ^
//     note: in 'f' called at cell.swift:5:1

/// A place in a DSL source: 1-based line and column (columns count UTF-8 bytes, as swift-syntax does).
struct SourceLocation: Equatable, Sendable, CustomStringConvertible {
    var line: Int
    var column: Int

    var description: String { "\(line):\(column)" }
}

/// A DSL source text and the name it is reported under. `lineOffset` is added to every reported line, so that a
/// notebook cell's diagnostics point at the Markdown file's line rather than the cell's.
struct SourceFile: Sendable {
    var name: String
    var text: String
    var lineOffset: Int = 0

    /// The text of 1-based `line` (without its line break), or nil past the end.
    func line(_ line: Int) -> String? {
        guard line >= 1 else { return nil }
        var current = 1
        var start = text.startIndex
        while current < line {
            guard let newline = text[start...].firstIndex(of: "\n") else { return nil }
            start = text.index(after: newline)
            current += 1
        }
        let end = text[start...].firstIndex(of: "\n") ?? text.endIndex
        return String(text[start..<end])
    }
}

/// One diagnostic: what went wrong, where, and how bad it is.
struct Diagnostic: Equatable, Sendable, Error {
    enum Severity: String, Sendable { case error, warning, note }

    var severity: Severity = .error
    var message: String
    var location: SourceLocation
    /// Extra lines shown after the caret (hints).
    var notes: [String] = []
    /// Suggested edits, as swift-syntax words them ("insert ')'").
    var fixIts: [String] = []
    /// A runtime error's DSL call stack, innermost first (a deep one is shown as its 4 innermost frames, a count,
    /// and the outermost frame).
    var callStack: [CallFrame] = []

    /// `LINE:COL message`, the form golden cases pin with `// expect error:`.
    var short: String { "\(location) \(message)" }

    /// `FILE:LINE:COL: error: message`, then the source line and a caret under the column, then the notes.
    func rendered(in file: SourceFile) -> String {
        var lines = ["\(file.name):\(location.line + file.lineOffset):\(location.column): \(severity.rawValue): \(message)"]
        if let source = file.line(location.line) {
            lines.append(source)
            // The caret sits under the column'th UTF-8 byte; tabs are kept so that it lines up in a terminal.
            let prefix = source.utf8.prefix(max(0, location.column - 1))
            let padding = String(decoding: prefix, as: UTF8.self).map { $0 == "\t" ? "\t" : " " }.joined()
            lines.append(padding + "^")
        }
        lines += notes.map { "note: \($0)" }
        lines += fixIts.map { "fix-it: \($0)" }
        func note(_ frame: CallFrame) -> String {
            "note: in '\(frame.name)' called at \(file.name):\(frame.location.line + file.lineOffset):\(frame.location.column)"
        }
        if callStack.count <= 6 {
            lines += callStack.map(note)
        } else {
            lines += callStack.prefix(4).map(note) + ["note: … \(callStack.count - 5) more frames", note(callStack[callStack.count - 1])]
        }
        return lines.joined(separator: "\n")
    }
}

/// One active DSL call: the function's name and where it was called.
struct CallFrame: Equatable, Sendable {
    var name: String
    var location: SourceLocation
}
