// Golden tests of the notebook language (after Crafting Interpreters' test suite): every `.swift` file in Cases/
// is run in-process, and its output and diagnostics are compared with the comments it carries:
//
//     print(1 + 2)          // expect: 3
//     print(1 / 0)          // expect error: 2:9 division by zero
//
// `// expect: TEXT` lines give the printed lines in order; `// expect error: LINE:COL MESSAGE` lines give the
// diagnostics (parse errors, "… is not supported in notebooks", or the one runtime error) in order, messages
// exact. Cases are valid Swift: swift-syntax must report no parse error for them, except the cases whose file
// name starts with `parse_error`. Cases/ is excluded from the test target in Package.swift, so it is never compiled.
//
// Each case runs as a notebook in Cases/ would: it reads Cases/ and the collections in Cases/data (as
// PRORANK_DATA), writes to a fresh output folder, and finds models in the fixtures' models/ folder. Paths in
// output and messages are pinned as $CASES, $DATA, $MODELS and $OUT. A case with `// requires: models` is
// skipped, with a message, when the fixture models are absent; its expectations hold for any fixture model.

import Foundation
import XCTest
@testable import prorank_repl

final class GoldenTests: XCTestCase {
    struct Case {
        var name: String
        var text: String
        var expectedOutput: [String] = []
        var expectedErrors: [String] = []
        var requiresModels = false
    }

    static var folder: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Cases") }

    static func cases() throws -> [Case] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }.sorted()
        return try names.map { name in
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            var c = Case(name: name, text: text)
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if let range = line.range(of: "// expect: ") { c.expectedOutput.append(String(line[range.upperBound...])) }
                if let range = line.range(of: "// expect error: ") { c.expectedErrors.append(String(line[range.upperBound...])) }
                if line.hasPrefix("// requires: models") { c.requiresModels = true }
            }
            return c
        }
    }

    /// The fixture models folder, or nil (with the reason) when the fixtures are absent.
    static func modelsFolder() -> (URL?, String) {
        guard let root = try? fixturesRoot() else { return (nil, "fixtures not found; set PRORANK_FIXTURES") }
        let models = root.appendingPathComponent("models")
        return FileManager.default.fileExists(atPath: models.path) ? (models, "") : (nil, "no \(models.path)")
    }

    /// Runs one case in a fresh output folder; output lines and `LINE:COL message` errors, paths as placeholders.
    static func run(_ c: Case, models: URL?) throws -> (lines: [String], errors: [String]) {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("prorank-golden-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: out) }
        let data = folder.appendingPathComponent("data")
        let cache = models ?? out.appendingPathComponent("no-models")
        let files = FileAccess(notebookFolder: folder, outputFolder: out, dataFolder: data, modelCache: cache)
        let context = RunContext(files: files, runStorePath: out.appendingPathComponent("runs.sqlite").path)
        var output = ""
        let outcome = DSLRunner.run(SourceFile(name: c.name, text: c.text), context: context) { output += $0 }
        // Longest first: the data folder lies inside the cases folder.
        let placeholders = [(files.dataFolder!, "$DATA"), (files.modelCache, "$MODELS"), (files.outputFolder, "$OUT"), (files.notebookFolder, "$CASES")]
            .sorted { $0.0.count > $1.0.count }
        func pin(_ text: String) -> String { placeholders.reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) } }
        var lines = pin(output).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return (lines, outcome.diagnostics.map { pin($0.short) })
    }

    func testEveryCase() throws {
        let cases = try Self.cases()
        XCTAssertGreaterThanOrEqual(cases.count, 150, "golden cases in \(Self.folder.path)")
        let (models, whyNoModels) = Self.modelsFolder()
        var failures: [String] = [], skipped: [String] = []
        for c in cases {
            guard !c.expectedOutput.isEmpty || !c.expectedErrors.isEmpty else {
                failures.append("\(c.name): no `// expect:` or `// expect error:` lines")
                continue
            }
            if c.requiresModels && models == nil {
                skipped.append(c.name)
                continue
            }
            let (lines, errors) = try Self.run(c, models: models)
            if lines != c.expectedOutput {
                failures.append("\(c.name): output\n    got:      \(lines)\n    expected: \(c.expectedOutput)")
            }
            if errors != c.expectedErrors {
                failures.append("\(c.name): errors\n    got:      \(errors)\n    expected: \(c.expectedErrors)")
            }
        }
        if !skipped.isEmpty { print("GoldenTests: skipped \(skipped.count) cases that need the fixture models (\(whyNoModels)): \(skipped.joined(separator: ", "))") }
        XCTAssert(failures.isEmpty, "\(failures.count) of \(cases.count) golden cases failed:\n" + failures.joined(separator: "\n"))
    }

    /// Cells are meant to be copied into Swift programs: every case but the parse-error ones is valid Swift syntax.
    func testEveryCaseParsesAsSwift() throws {
        for c in try Self.cases() {
            let errors = DSLRunner.parseErrors(SourceFile(name: c.name, text: c.text))
            if c.name.hasPrefix("parse_error") {
                XCTAssertFalse(errors.isEmpty, "\(c.name) is meant to be a parse-error case")
            } else {
                XCTAssertEqual(errors.map(\.short), [], c.name)
            }
        }
    }

    /// The rendered form: `FILE:LINE:COL: error: message`, the source line, a caret under the column, and the call
    /// stack; in a notebook every line (the error's and the frames') is the Markdown file's, the cell's offset added.
    func testDiagnosticRendering() {
        let file = SourceFile(name: "nb.md", text: "let a = 1\nlet b = a / 0\n", lineOffset: 10)
        let diagnostic = Diagnostic(message: "division by zero", location: SourceLocation(line: 2, column: 11),
                                    callStack: [CallFrame(name: "f", location: SourceLocation(line: 3, column: 1))])
        XCTAssertEqual(diagnostic.rendered(in: file), """
            nb.md:12:11: error: division by zero
            let b = a / 0
                      ^
            note: in 'f' called at nb.md:13:1
            """)
    }

    /// A runtime error deep in recursion shows the innermost frames, how many were left out, and the outermost.
    func testADeepCallStackIsShortened() {
        let file = SourceFile(name: "deep.swift", text: "func f(_ n: Int) -> Int {\n    n == 0 ? 1 / n : f(n - 1)\n}\nprint(f(20))\n")
        let outcome = DSLRunner.run(file) { _ in }
        let lines = outcome.diagnostics.map { $0.rendered(in: file) }.first?.split(separator: "\n").map(String.init) ?? []
        XCTAssertEqual(lines.first, "deep.swift:2:16: error: division by zero")
        XCTAssertEqual(Array(lines.dropFirst(3)), [
            "note: in 'f(_:)' called at deep.swift:2:22", "note: in 'f(_:)' called at deep.swift:2:22", "note: in 'f(_:)' called at deep.swift:2:22",
            "note: in 'f(_:)' called at deep.swift:2:22", "note: … 16 more frames", "note: in 'f(_:)' called at deep.swift:4:7",
        ])
    }
}
