// The allowed-roots policy of notebook file access (issue 5): reads only under the notebook folder,
// PRORANK_DATA, the model cache and the output folder; writes only under the output folder; `..` escapes and
// symbolic links out refused, whether the target exists or not. Built on a real folder tree with real links.

import Foundation
import XCTest
@testable import prorank_repl

final class FileAccessTests: XCTestCase {
    private var top: URL!
    private var access: FileAccess!

    private func folder(_ name: String) -> URL { top.appendingPathComponent(name) }

    override func setUpWithError() throws {
        let fm = FileManager.default
        top = fm.temporaryDirectory.appendingPathComponent("prorank-files-\(UUID().uuidString)")
        for name in ["notebook/sub", "out/runs", "data/tiny", "models/m", "outside", "database"] {
            try fm.createDirectory(at: folder(name), withIntermediateDirectories: true)
        }
        for path in ["notebook/a.trec", "notebook/sub/b.trec", "out/saved.trec", "data/tiny/corpus.jsonl", "outside/secret", "database/x"] {
            try Data("q1 Q0 d1 1 1.0 t\n".utf8).write(to: folder(path))
        }
        try fm.createSymbolicLink(at: folder("notebook/link-out"), withDestinationURL: folder("outside/secret"))
        try fm.createSymbolicLink(at: folder("notebook/link-in"), withDestinationURL: folder("data/tiny/corpus.jsonl"))
        try fm.createSymbolicLink(at: folder("out/escape"), withDestinationURL: folder("outside"))
        try fm.createSymbolicLink(at: folder("out/secret-link"), withDestinationURL: folder("outside/secret"))
        access = FileAccess(notebookFolder: folder("notebook"), outputFolder: folder("out"), dataFolder: folder("data"), modelCache: folder("models"))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: top)
    }

    private func canonical(_ name: String) -> String { FileAccess.canonical(folder(name).path) }

    private func assertRefused(_ body: () throws -> String, containing text: String, _ label: String, line: UInt = #line) {
        XCTAssertThrowsError(try body(), label, line: line) { error in
            XCTAssertTrue("\(error)".contains(text), "\(label): \(error)", line: line)
        }
    }

    func testReadsInsideTheRootsAreAllowed() throws {
        XCTAssertEqual(try access.readable("a.trec"), canonical("notebook/a.trec"))
        XCTAssertEqual(try access.readable("sub/../a.trec"), canonical("notebook/a.trec"), "a '..' that stays inside")
        XCTAssertEqual(try access.readable("saved.trec"), canonical("out/saved.trec"), "the output folder is searched second")
        XCTAssertEqual(try access.readable(folder("data/tiny").path), canonical("data/tiny"))
        XCTAssertEqual(try access.readable(folder("models/m").path), canonical("models/m"))
        XCTAssertEqual(try access.readable("link-in"), canonical("data/tiny/corpus.jsonl"), "a link to another root")
        XCTAssertEqual(try access.named("tiny", in: access.dataFolder!), canonical("data/tiny"))
        XCTAssertNil(try access.named("absent", in: access.dataFolder!))
    }

    func testReadsOutsideTheRootsAreRefused() {
        let outside = "outside the folders a notebook may use"
        assertRefused({ try self.access.readable("../outside/secret") }, containing: outside, "'..' escape")
        assertRefused({ try self.access.readable("sub/../../outside/secret") }, containing: outside, "nested '..' escape")
        assertRefused({ try self.access.readable(self.folder("outside/secret").path) }, containing: outside, "absolute path")
        assertRefused({ try self.access.readable("link-out") }, containing: outside, "symbolic link out")
        assertRefused({ try self.access.readable("escape/secret") }, containing: outside, "a path through a linked folder")
        assertRefused({ try self.access.readable("../outside/absent") }, containing: outside, "an escape to a file that does not exist")
        assertRefused({ try self.access.readable(self.folder("database/x").path) }, containing: outside, "/data is no prefix of /database")
        assertRefused({ try self.access.readable("/etc/passwd") }, containing: outside, "system file")
        assertRefused({ try self.access.readable("absent.trec") }, containing: "no file", "missing file")
        assertRefused({ try self.access.readable("") }, containing: "empty path", "empty")
        assertRefused({ try self.access.readable("a\u{0}b") }, containing: "NUL", "NUL byte")
    }

    func testWritesGoOnlyToTheOutputFolder() throws {
        XCTAssertEqual(try access.writable("new.trec"), canonical("out") + "/new.trec")
        XCTAssertEqual(try access.writable("runs/new.trec"), canonical("out") + "/runs/new.trec")
        XCTAssertEqual(try access.writable("saved.trec"), canonical("out/saved.trec"), "replacing a file in the output folder")
        let refused = "notebooks write only under the output folder"
        assertRefused({ try self.access.writable(self.folder("notebook/x.trec").path) }, containing: refused, "the notebook's folder")
        assertRefused({ try self.access.writable(self.folder("data/tiny/corpus.jsonl").path) }, containing: refused, "a collection file")
        assertRefused({ try self.access.writable("../outside/x") }, containing: refused, "'..' escape")
        assertRefused({ try self.access.writable("escape/x") }, containing: refused, "through a linked folder")
        assertRefused({ try self.access.writable("secret-link") }, containing: refused, "replacing a link to a file outside")
        assertRefused({ try self.access.writable("absent/x.trec") }, containing: "no folder", "missing folder")
        assertRefused({ try self.access.writable("runs/") }, containing: "names a folder", "a folder")
        assertRefused({ try self.access.writable("..") }, containing: "names a folder", "'..' alone")
    }

    /// The builtins apply the policy: each escape is a runtime error at the call, and nothing is written.
    func testBuiltinsRefuseEscapes() throws {
        let context = RunContext(files: access, runStorePath: folder("out/runs.sqlite").path)
        func errors(_ code: String) -> [String] {
            DSLRunner.run(SourceFile(name: "escape.swift", text: code), context: context) { _ in }.diagnostics.map(\.message)
        }
        let secret = folder("outside/secret").path
        for code in [
            "let ds = beir(\"../outside\")", "let ds = beir(\"\(folder("outside").path)\")", "let r = loadRun(\"link-out\")",
            "let q = loadQrels(\"\(secret)\")", "let m = loadModel(\"../outside\")", "let t = tokenizer(\"escape/secret\")",
        ] {
            let found = errors(code)
            XCTAssertEqual(found.count, 1, code)
            XCTAssertTrue(found.first?.contains("outside the folders a notebook may use") == true, "\(code): \(found)")
        }
        let before = try String(contentsOfFile: secret, encoding: .utf8)
        let write = errors("saveRun(loadRun(\"a.trec\"), to: \"secret-link\")")
        XCTAssertTrue(write.first?.contains("notebooks write only under the output folder") == true, "\(write)")
        XCTAssertEqual(try String(contentsOfFile: secret, encoding: .utf8), before)
    }

    /// A run saved by one cell is read back by the next, through the output folder.
    func testSaveThenLoadRoundTrips() throws {
        let context = RunContext(files: access, runStorePath: folder("out/runs.sqlite").path)
        var output = ""
        let code = """
            let run = loadRun("sub/b.trec")
            saveRun(run, to: "copy.trec")
            saveRun(run, to: "copy.json")
            print(loadRun("copy.trec").ranking("q1"), loadRun("copy.json").ranking("q1"))
            """
        let outcome = DSLRunner.run(SourceFile(name: "save.swift", text: code), context: context) { output += $0 }
        XCTAssertEqual(outcome.diagnostics.map(\.short), [])
        XCTAssertEqual(output, "[(id: \"d1\", score: 1.0)] [(id: \"d1\", score: 1.0)]\n")
        XCTAssertEqual(try String(contentsOf: folder("out/copy.trec"), encoding: .utf8), "q1 Q0 d1 1 1.0 t\n")
    }
}
