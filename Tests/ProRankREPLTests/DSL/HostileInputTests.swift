// Hostile inputs to the notebook language get errors, never a crash or a hang: deep nesting, long operator
// chains, huge literals and allocations, endless loops (step budget and interrupt) and recursion, path escapes,
// a 10 MB cell.

import Foundation
import XCTest
@testable import prorank_repl

final class HostileInputTests: XCTestCase {
    /// Runs `code` and returns its outcome's diagnostics as `LINE:COL message`, with the time it took.
    private func run(_ code: String, steps: Int = 10_000_000) -> (errors: [String], output: String, seconds: Double) {
        var output = ""
        let start = Date()
        let outcome = DSLRunner.run(SourceFile(name: "hostile.swift", text: code), limits: Interpreter.Limits(steps: steps)) { output += $0 }
        return (outcome.diagnostics.map(\.short), output, Date().timeIntervalSince(start))
    }

    func testDeepNestingIsAParseErrorNotACrash() {
        let code = "let x = " + String(repeating: "(", count: 5_000) + "1" + String(repeating: ")", count: 5_000)
        let result = run(code)
        XCTAssertFalse(result.errors.isEmpty)
        XCTAssertTrue(result.errors[0].contains("nesting"), "\(result.errors.prefix(1))")
    }

    func testDeeplyNestedArraysAndClosuresAreRefused() {
        // Parsing nested brackets is exponential in their depth, so they are refused before parsing.
        let arrays = run("let x = " + String(repeating: "[", count: 3_000) + String(repeating: "]", count: 3_000))
        XCTAssertEqual(arrays.errors, ["1:25 brackets nested more than 16 deep are not supported in notebooks"])
        XCTAssertLessThan(arrays.seconds, 5)
        let closures = run("let f = " + String(repeating: "{ ", count: 2_000) + "1" + String(repeating: " }", count: 2_000))
        XCTAssertFalse(closures.errors.isEmpty)
    }

    func testALongOperatorChainRuns() {
        // Lowering is quadratic in the depth of a folded chain (swift-syntax computes positions through parents):
        // 2,000 terms take ~1 s in a debug build.
        let result = run("let x = 1" + String(repeating: " + 1", count: 2_000) + "\nprint(x)")
        XCTAssertEqual(result.errors, [])
        XCTAssertEqual(result.output, "2001\n")
    }

    func testHugeLiteralsAreDiagnostics() {
        XCTAssertEqual(run("let n = 123456789012345678901234567890").errors,
                       ["1:9 integer literal '123456789012345678901234567890' overflows when stored into 'Int'"])
        XCTAssertEqual(run("let d = 1e999").errors, ["1:9 this float literal is not supported in notebooks"])
    }

    func testRunawayLoopsAndAllocationsStopWithErrors() {
        let loop = run("var i = 0\nwhile i >= 0 { i += 1 }", steps: 100_000)
        XCTAssertEqual(loop.errors.count, 1)
        XCTAssertTrue(loop.errors[0].contains("step budget of 100000 evaluation steps exhausted"), "\(loop.errors)")
        XCTAssertLessThan(loop.seconds, 10)

        let range = run("for i in 0..<Int.max { if i < 0 { print(i) } }", steps: 100_000)
        XCTAssertTrue(range.errors.first?.contains("step budget") == true, "\(range.errors)")

        let doubling = run("var xs = [0]\nfor _ in 0..<64 { xs = xs + xs }")
        XCTAssertEqual(doubling.errors, ["2:27 collection of 16777216 elements exceeds the limit of 10000000"])

        let text = run("var s = \"ab\"\nfor _ in 0..<64 { s = \"\\(s)\\(s)\" }")
        XCTAssertEqual(text.errors, ["2:23 collection of 16777216 elements exceeds the limit of 10000000"])

        XCTAssertEqual(run("let a = Array(repeating: 0, count: Int.max)").errors, ["1:9 collection of 9223372036854775807 elements exceeds the limit of 10000000"])
        XCTAssertEqual(run("let a = Array(0..<Int.max)").errors, ["1:9 range 0..<9223372036854775807 is too large to turn into an array (limit 10000000 elements)"])
        XCTAssertEqual(run("print((Int.min..<Int.max).count)").errors, ["1:27 range -9223372036854775808..<9223372036854775807 has more than Int.max elements"])
        XCTAssertEqual(run("let s = stride(from: Int.min, to: Int.max, by: 1)").errors, ["1:9 stride: more than 10000000 elements"])
    }

    func testEndlessRecursionStopsAtTheDepthLimit() {
        let result = run("func f(_ n: Int) -> Int { 1 + f(n + 1) }\nprint(f(0))")
        XCTAssertEqual(result.errors, ["1:31 call depth limit of 1000 nested calls exceeded calling 'f' (endless recursion?)"])
    }

    func testPathEscapesAreRefused() {
        // FileAccessTests covers the policy; here: the escapes reach no file from a default (current-folder) run.
        for name in ["../etc", "/etc", "a/../../b", "/etc/passwd"] {
            for call in ["beir", "loadRun", "loadQrels", "loadModel", "tokenizer"] {
                let result = run("let x = \(call)(\"\(name)\")")
                XCTAssertEqual(result.errors.count, 1, "\(call) \(name)")
                XCTAssertTrue(result.errors.first?.contains("is outside the folders a notebook may use") == true, "\(call) \(name): \(result.errors)")
            }
        }
    }

    /// An endless loop under a budget too large to matter stops when the host raises the interrupt flag.
    func testAnEndlessLoopStopsOnInterrupt() {
        let flag = InterruptFlag()
        let start = Date()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { flag.request() }
        let outcome = DSLRunner.run(
            SourceFile(name: "loop.swift", text: "var i = 0\nwhile true {\n    i += 1\n}"),
            limits: Interpreter.Limits(steps: Int.max), context: RunContext(interrupt: flag)) { _ in }
        XCTAssertEqual(outcome.diagnostics.map(\.message), ["interrupted"])
        XCTAssertEqual(outcome.exitCode, 1)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }

    /// A long generation stops between two tokens, and reranking between two queries, on interrupt (needs the
    /// fixture models).
    func testALongGenerationStopsOnInterrupt() throws {
        let models = try fixturesRoot().appendingPathComponent("models")
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let flag = InterruptFlag()
        let context = RunContext(files: FileAccess(notebookFolder: here, outputFolder: here, modelCache: models), interrupt: flag)
        flag.request()  // already raised when generation starts: it stops after the first token
        let code = "let m = loadModel(\"tiny-llama\")\nprint(m.generate([5, 6, 7], maxTokens: 200))"
        let outcome = DSLRunner.run(SourceFile(name: "generate.swift", text: code), context: context) { _ in }
        XCTAssertEqual(outcome.diagnostics.map(\.short), ["2:9 interrupted"])
        // Reranking stops between two queries.
        flag.request()
        let rerank = """
            let ds = synthetic(topics: 3, docsPerTopic: 5, seed: 1)
            let first = bm25(ds.corpus).search(ds.queries("test"), top: 5)
            let r = rerank(loadModel("tiny-llama"), first, ds, top: 5, maxDocumentTokens: 32)
            """
        let stopped = DSLRunner.run(SourceFile(name: "rerank.swift", text: rerank), context: context) { _ in }
        XCTAssertEqual(stopped.diagnostics.map(\.short), ["3:9 interrupted"])
    }

    func testATenMegabyteCellIsHandled() {
        let line = "// " + String(repeating: "x", count: 97) + "\n"
        let code = String(repeating: line, count: 100_000) + "print(\"done\")\n"
        XCTAssertGreaterThanOrEqual(code.utf8.count, 10_000_000)
        let result = run(code)
        XCTAssertEqual(result.errors, [])
        XCTAssertEqual(result.output, "done\n")
    }

    func testGarbageInputIsDiagnosedNotCrashed() {
        for code in ["\u{0}\u{1}\u{2}", "}}}}", "let = = =", "func (", "\"unterminated", "#if X\n", "@@@", "let x = [1, 2][", "switch {"] {
            let result = run(code)
            XCTAssertFalse(result.errors.isEmpty, code.debugDescription)
        }
    }
}
