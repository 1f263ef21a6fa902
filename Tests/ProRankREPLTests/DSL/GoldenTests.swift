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

import Foundation
import XCTest
@testable import prorank_repl

final class GoldenTests: XCTestCase {
    struct Case {
        var name: String
        var text: String
        var expectedOutput: [String] = []
        var expectedErrors: [String] = []
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
            }
            return c
        }
    }

    func testEveryCase() throws {
        let cases = try Self.cases()
        XCTAssertGreaterThanOrEqual(cases.count, 40, "golden cases in \(Self.folder.path)")
        var failures: [String] = []
        for c in cases {
            guard !c.expectedOutput.isEmpty || !c.expectedErrors.isEmpty else {
                failures.append("\(c.name): no `// expect:` or `// expect error:` lines")
                continue
            }
            var output = ""
            let outcome = DSLRunner.run(SourceFile(name: c.name, text: c.text)) { output += $0 }
            var lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            let errors = outcome.diagnostics.map(\.short)
            if lines != c.expectedOutput {
                failures.append("\(c.name): output\n    got:      \(lines)\n    expected: \(c.expectedOutput)")
            }
            if errors != c.expectedErrors {
                failures.append("\(c.name): errors\n    got:      \(errors)\n    expected: \(c.expectedErrors)")
            }
        }
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

    /// The rendered form: `FILE:LINE:COL: error: message`, the source line, a caret under the column.
    func testDiagnosticRendering() {
        let file = SourceFile(name: "cell.swift", text: "let a = 1\nlet b = a / 0\n", lineOffset: 10)
        let diagnostic = Diagnostic(message: "division by zero", location: SourceLocation(line: 2, column: 11), notes: ["in 'f' called at 3:1"])
        XCTAssertEqual(diagnostic.rendered(in: file), """
            cell.swift:12:11: error: division by zero
            let b = a / 0
                      ^
            note: in 'f' called at 3:1
            """)
    }
}
