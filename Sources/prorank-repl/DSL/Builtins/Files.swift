// Judgements and runs from and to files, inside the folders FileAccess allows:
//
//     let qrels = loadQrels("qrels/test.tsv")        // TREC `qid 0 docid grade`, or BEIR's tsv with its header
//     let first = loadRun("bm25.trec")               // TREC run; a .json file is BEIR results {qid: {docid: score}}
//     saveRun(first, to: "first-stage.trec")         // into the output folder; .json writes BEIR results
//
// Reading a relative path looks in the notebook's folder, then the output folder; writing goes to the output
// folder only (see FileAccess.swift).

import Foundation
import ProRankKit

enum FileBuiltins {
    static var functions: [(String, BuiltinBody)] {
        [("loadQrels", loadQrels), ("loadRun", loadRun), ("saveRun", saveRun)]
    }

    /// `loadQrels(path)`: TREC or BEIR qrels (told apart by BEIR's header line).
    static func loadQrels(_ interp: Interpreter, _ args: CallArguments) throws -> Value {
        try args.expect([nil])
        let path = try args.checked { try interp.context.files.readable(try args.string(0)) }
        try requireFile(path, args)
        do {
            let qrels = try Qrels.read(URL(fileURLWithPath: path))
            guard qrels.count > 0 else { throw args.fail("loadQrels: \(path) holds no judgements") }
            return .kernel(QrelsObject(qrels, name: URL(fileURLWithPath: path).lastPathComponent))
        } catch let error as RuntimeError {
            throw error
        } catch {
            throw args.fail("loadQrels: \(error)")
        }
    }

    /// `loadRun(path)`: a TREC run, or BEIR results JSON when the name ends in `.json`.
    static func loadRun(_ interp: Interpreter, _ args: CallArguments) throws -> Value {
        try args.expect([nil])
        let path = try args.checked { try interp.context.files.readable(try args.string(0)) }
        try requireFile(path, args)
        let url = URL(fileURLWithPath: path)
        do {
            let run = url.pathExtension == "json" ? try Run.readBEIRResults(url) : try Run.read(url)
            guard !run.rankings.isEmpty else { throw args.fail("loadRun: \(path) holds no rankings") }
            return .kernel(RunObject(run))
        } catch let error as RuntimeError {
            throw error
        } catch {
            throw args.fail("loadRun: \(error)")
        }
    }

    /// `saveRun(run, to: path)`: TREC text, or BEIR results JSON for a `.json` name; replaces an existing file.
    static func saveRun(_ interp: Interpreter, _ args: CallArguments) throws -> Value {
        try args.expect([nil, "to"])
        guard case .kernel(let run as RunObject) = args[0] else {
            throw args.fail("saveRun: the first argument must be a run (index.search(…) or loadRun(…)), not '\(args[0].typeName)'")
        }
        let path = try args.checked { try interp.context.files.writable(try args.string(1)) }
        let url = URL(fileURLWithPath: path)
        do {
            if url.pathExtension == "json" {
                try run.run.beirResultsJSON().write(to: url, options: .atomic)
            } else {
                try run.run.write(to: url)
            }
        } catch {
            throw args.fail("saveRun: cannot write \(path): \(error.localizedDescription)")
        }
        return .void
    }

    private static func requireFile(_ path: String, _ args: CallArguments) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw args.fail("\(args.name): \(path) is a folder, not a file")
        }
    }
}
