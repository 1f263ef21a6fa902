// `prorank-repl exec`: runs notebook-language code outside a notebook (DESIGN.md §8), from `-e CODE` or a
// `.swift` file. Files are read under the code's folder, PRORANK_DATA and the model cache, and written under
// `--out` (the current folder by default); Ctrl-C stops the run with "interrupted". Output goes to stdout as it
// is printed; diagnostics go to stderr as `FILE:LINE:COL: error: message`, the source line and a caret. Exit
// status 1 on a runtime error, 2 when the code does not parse or uses a construct outside the notebook subset.

import ArgumentParser
import Foundation
import ProRankKit

struct ExecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run notebook-language (Swift subset) code from a file or the command line.",
        discussion: "Exit status: 0 on success, 1 on a runtime error, 2 on a parse error or an unsupported construct."
    )

    @Option(name: .short, help: "The code to run (instead of a file).")
    var expression: String?

    @Argument(help: "A .swift file to run.")
    var file: String?

    @Option(help: "Evaluation steps before the run stops with an error (guards against endless loops).")
    var steps = 10_000_000

    @Option(help: "The output folder: where saveRun(…) writes (default: the current folder).")
    var out: String?

    @Option(help: "The run store that runs() lists.")
    var store = RunStore.defaultPath

    func validate() throws {
        guard (expression == nil) != (file == nil) else { throw ValidationError("Give either -e CODE or a FILE.swift, not both or neither.") }
        guard steps > 0 else { throw ValidationError("--steps must be positive.") }
        if let out {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("--out \(out): no such folder (create it first)")
            }
        }
    }

    func run() throws {
        let source: SourceFile
        if let expression {
            source = SourceFile(name: "<exec>", text: expression)
        } else if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("error: cannot read \(file)\n".utf8))
                throw ExitCode(2)
            }
            source = SourceFile(name: file, text: String(decoding: data, as: UTF8.self))
        } else {
            return
        }
        // Files: the code's own folder (the current one for -e), PRORANK_DATA, the model cache, the output folder.
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let codeFolder = file.map { URL(fileURLWithPath: $0).deletingLastPathComponent() } ?? here
        let files = FileAccess(notebookFolder: codeFolder, outputFolder: out.map { URL(fileURLWithPath: $0) } ?? here)
        InterruptFlag.installSignalHandler()
        let context = RunContext(files: files, runStorePath: store, interrupt: .sigint)
        let outcome = DSLRunner.run(source, limits: Interpreter.Limits(steps: steps), context: context) { text in
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        for diagnostic in outcome.diagnostics {
            FileHandle.standardError.write(Data((diagnostic.rendered(in: source) + "\n").utf8))
        }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }
}
