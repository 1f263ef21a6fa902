// Running the built `prorank-repl` as a user (or a checking script) would, for the command-line tests.

import Foundation
import XCTest

/// The `prorank-repl` executable beside the test bundle in the build folder; skips the test when it is absent.
func cliBinary() throws -> URL {
    let url = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        .appendingPathComponent("prorank-repl")
    guard FileManager.default.isExecutableFile(atPath: url.path) else { throw XCTSkip("prorank-repl not built at \(url.path)") }
    return url
}

/// Runs `prorank-repl arguments` (in `folder` when given, with `stdin` on standard input) and returns its exit
/// status, standard output and standard error.
func runCLI(_ arguments: [String], stdin: String? = nil, in folder: URL? = nil) throws -> (status: Int32, out: String, err: String) {
    let process = Process()
    process.executableURL = try cliBinary()
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = folder }
    let out = Pipe(), err = Pipe(), input = Pipe()
    (process.standardOutput, process.standardError, process.standardInput) = (out, err, input)
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}
