// Which files notebook code may touch (issue 5): only under the allowed roots — the notebook's folder,
// `PRORANK_DATA`, the model cache and the output folder. Paths are checked after resolving `..` and every
// symbolic link (realpath), so `../x`, `/etc/passwd` and a link inside a root that points outside are all refused.
//
//     relative path, reading   the notebook's folder, then the output folder (so a cell can read what an
//                              earlier cell saved)
//     relative path, writing   the output folder; writes never go anywhere else (no lost data in the
//                              collections, the model cache or next to the notebook's source)
//     bare name                beir("scifact") → PRORANK_DATA/scifact; loadModel("smollm2-135m-instruct") →
//                              the model cache
//
// A bare name is a name without '/' that does not start with '.'. Notebook code cannot spawn processes at all:
// no builtin does.

import Foundation
import ProRankKit

/// Why a path was refused, with a hint; builtins turn it into a runtime error at the call.
struct FileAccessError: Error, CustomStringConvertible {
    var description: String
}

struct FileAccess: Sendable {
    /// One allowed folder: its role (for messages) and its canonical path.
    struct Root: Sendable {
        var role: String
        var path: String
    }

    let notebookFolder: String
    let outputFolder: String
    /// `PRORANK_DATA`, when set.
    let dataFolder: String?
    let modelCache: String

    /// The given folders; nil `dataFolder`/`modelCache` take `PRORANK_DATA` and the model store's root.
    init(notebookFolder: URL, outputFolder: URL, dataFolder: URL? = nil, modelCache: URL? = nil) {
        let environment = ProcessInfo.processInfo.environment
        self.notebookFolder = Self.canonical(notebookFolder.path)
        self.outputFolder = Self.canonical(outputFolder.path)
        if let dataFolder {
            self.dataFolder = Self.canonical(dataFolder.path)
        } else if let data = environment["PRORANK_DATA"], !data.isEmpty {
            self.dataFolder = Self.canonical(data)
        } else {
            self.dataFolder = nil
        }
        self.modelCache = Self.canonical((modelCache ?? ModelStore().root).path)
    }

    /// `exec`'s defaults: the current folder is both the notebook's and the output folder.
    static var currentFolder: FileAccess {
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        return FileAccess(notebookFolder: here, outputFolder: here)
    }

    var roots: [Root] {
        var list = [Root(role: "notebook folder", path: notebookFolder)]
        if let dataFolder { list.append(Root(role: "PRORANK_DATA", path: dataFolder)) }
        list.append(Root(role: "model cache", path: modelCache))
        list.append(Root(role: "output folder", path: outputFolder))
        return list
    }

    /// Whether `name` is a bare name (resolved in a root) rather than a path.
    static func isBareName(_ name: String) -> Bool { !name.isEmpty && !name.contains("/") && !name.hasPrefix(".") }

    /// An existing file or folder to read: the canonical path, inside a root.
    func readable(_ path: String) throws -> String {
        try checkName(path)
        let candidates = path.hasPrefix("/") ? [path] : [notebookFolder + "/" + path, outputFolder + "/" + path]
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            _ = try inside(Self.canonical(candidates[0]), asked: path)  // an escape is refused as such, existing or not
            let places = path.hasPrefix("/") ? "" : " (looked in the notebook folder \(notebookFolder) and the output folder \(outputFolder))"
            throw FileAccessError(description: "no file \(path.debugDescription)\(places)")
        }
        return try inside(Self.canonical(found), asked: path)
    }

    /// A file to write: relative paths go under the output folder, whose existing subfolders they may name; an
    /// existing file is replaced only if it lies in the output folder (a link out of it is refused).
    func writable(_ path: String) throws -> String {
        try checkName(path)
        let absolute = path.hasPrefix("/") ? path : outputFolder + "/" + path
        let url = URL(fileURLWithPath: absolute)
        let name = url.lastPathComponent
        guard name != "..", name != ".", !absolute.hasSuffix("/") else {
            throw FileAccessError(description: "\(path.debugDescription) names a folder, not a file to write")
        }
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw FileAccessError(description: "cannot write \(path.debugDescription): no folder \(folder)")
        }
        let target = FileManager.default.fileExists(atPath: absolute) ? Self.canonical(absolute) : Self.canonical(folder) + "/" + name
        guard Self.contains(outputFolder, target) else {
            throw FileAccessError(description: "cannot write \(path.debugDescription): notebooks write only under the output folder (\(outputFolder)); hint: give a name relative to it")
        }
        return target
    }

    /// A bare name looked up in one root (`PRORANK_DATA` for collections, the model cache for models).
    func named(_ name: String, in root: String) throws -> String? {
        let path = root + "/" + name
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try inside(Self.canonical(path), asked: name)
    }

    // MARK: Checks

    private func checkName(_ path: String) throws {
        guard !path.isEmpty else { throw FileAccessError(description: "empty path") }
        guard !path.utf8.contains(0) else { throw FileAccessError(description: "a path must not contain a NUL character") }
    }

    private func inside(_ canonical: String, asked: String) throws -> String {
        if roots.contains(where: { Self.contains($0.path, canonical) }) { return canonical }
        let list = roots.map { "\($0.role) \($0.path)" }.joined(separator: ", ")
        let via = canonical == asked ? "" : " (it resolves to \(canonical))"
        throw FileAccessError(description: "\(asked.debugDescription) is outside the folders a notebook may use\(via): \(list); hint: copy the file into one of them")
    }

    /// Whether canonical `path` is `root` or lies below it (component-wise: /data is not a prefix of /database).
    static func contains(_ root: String, _ path: String) -> Bool {
        root == "/" || path == root || path.hasPrefix(root + "/")
    }

    /// `realpath(3)` of an existing path (all `..`, `.` and links resolved); the path standardized otherwise.
    static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return URL(fileURLWithPath: path).standardizedFileURL.path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
