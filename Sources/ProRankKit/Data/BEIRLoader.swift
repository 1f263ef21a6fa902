// Loads a collection in the BEIR on-disk layout (Thakur et al., NeurIPS 2021 Datasets & Benchmarks; the
// `beir` package's GenericDataLoader) into a `Dataset`:
//
//   DIR/corpus.jsonl         {"_id": "4983", "title": "…", "text": "…"}   one document per line
//   DIR/queries.jsonl        {"_id": "1", "text": "…"}                    one query per line
//   DIR/qrels/<split>.tsv    query-id<TAB>corpus-id<TAB>score             header line, then graded judgements
//
// Every file may instead be gzip-compressed (`corpus.jsonl.gz`, `qrels/test.tsv.gz`); each is streamed once
// (LineReader). Every split found in `qrels/` is loaded. Errors name the file and line; judgements naming a
// document or query the collection does not have are not errors but `Warning`s with a count, returned to the
// caller (the kernel prints nothing).

import Foundation

/// Reads BEIR collection folders.
///
/// ```swift
/// let loaded = try BEIRLoader.load(URL(fileURLWithPath: "../shared/data/scifact"))
/// for warning in loaded.warnings { print(warning) }
/// let test = try loaded.dataset.queries("test")
/// ```
///
/// Not done here: BEIR's evaluation drops a retrieved document whose id equals the query id (a convention for
/// collections such as ArguAna and Quora, where queries are themselves corpus documents). That is a property
/// of the run, not of the collection, and is left to the caller.
public enum BEIRLoader {
    /// Something in the files that was accepted but is probably a mistake.
    public struct Warning: Sendable, Equatable, CustomStringConvertible {
        public let path: String
        public let message: String
        /// How many lines the warning covers.
        public let count: Int

        public var description: String { "\(path): warning: \(message)" }
    }

    /// A loaded collection and the warnings raised while reading it.
    public struct Result: Sendable {
        public let dataset: Dataset
        public let warnings: [Warning]
    }

    static let layoutHint = "a BEIR folder holds corpus.jsonl, queries.jsonl and qrels/<split>.tsv (each may end in .gz)"

    /// Loads `folder`; the dataset is named after the folder unless `name` is given.
    public static func load(_ folder: URL, name: String? = nil) throws -> Result {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DataError.fileNotFound(path: folder.path, hint: layoutHint)
        }
        let corpus = try readCorpus(try locate(folder, "corpus.jsonl"))
        let queries = try readQueries(try locate(folder, "queries.jsonl"))
        let documentIDs = Set(corpus.map(\.id)), queryIDs = Set(queries.map(\.id))
        var qrels: [String: Qrels] = [:]
        var warnings: [Warning] = []
        for (split, url) in try qrelsFiles(folder) {
            let (judgements, fileWarnings) = try readQrels(url, documents: documentIDs, queries: queryIDs)
            qrels[split] = judgements
            warnings += fileWarnings
        }
        return Result(dataset: Dataset(name: name ?? folder.lastPathComponent, corpus: corpus, queries: queries, qrels: qrels),
                      warnings: warnings)
    }

    /// `folder/file`, else `folder/file.gz`, else an error naming both.
    static func locate(_ folder: URL, _ file: String) throws -> URL {
        let plain = folder.appendingPathComponent(file)
        if FileManager.default.fileExists(atPath: plain.path) { return plain }
        let gzipped = folder.appendingPathComponent(file + ".gz")
        if FileManager.default.fileExists(atPath: gzipped.path) { return gzipped }
        throw DataError.fileNotFound(path: plain.path, hint: "no \(file) or \(file).gz; " + layoutHint)
    }

    /// (split, file) for every `qrels/<split>.tsv[.gz]`, by split name; a split present twice keeps the `.tsv`.
    static func qrelsFiles(_ folder: URL) throws -> [(String, URL)] {
        let directory = folder.appendingPathComponent("qrels")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
            throw DataError.fileNotFound(path: directory.path, hint: "no qrels folder; " + layoutHint)
        }
        var files: [String: URL] = [:]
        for name in names.sorted() {
            let split: String
            if name.hasSuffix(".tsv") { split = String(name.dropLast(4)) }
            else if name.hasSuffix(".tsv.gz") { split = String(name.dropLast(7)) }
            else { continue }
            if split.isEmpty || (files[split] != nil && name.hasSuffix(".gz")) { continue }
            files[split] = directory.appendingPathComponent(name)
        }
        guard !files.isEmpty else {
            throw DataError.fileNotFound(path: directory.appendingPathComponent("<split>.tsv").path,
                                         hint: "the qrels folder holds no .tsv or .tsv.gz file; " + layoutHint)
        }
        return files.keys.sorted().map { ($0, files[$0]!) }
    }

    /// One JSON line of corpus.jsonl or queries.jsonl. `_id` may be a string or an integer.
    private struct Record: Decodable {
        let id: String
        let title: String?
        let text: String?

        enum CodingKeys: String, CodingKey { case id = "_id", title, text }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            if let s = try? c.decode(String.self, forKey: .id) { id = s } else { id = String(try c.decode(Int.self, forKey: .id)) }
            title = try c.decodeIfPresent(String.self, forKey: .title)
            text = try c.decodeIfPresent(String.self, forKey: .text)
        }
    }

    /// Calls `body` with each non-blank line decoded as a `Record`, checking that ids are unique and `text` present.
    private static func forEachRecord(_ url: URL, _ body: (Record) -> Void) throws {
        let decoder = JSONDecoder()
        var seen: Set<String> = []
        try LineReader(url).forEachLine { bytes, line in
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
            let record: Record
            do { record = try decoder.decode(Record.self, from: Data(bytes)) } catch {
                throw DataError.malformedLine(path: url.path, line: line, reason: reason(error))
            }
            guard record.text != nil else {
                throw DataError.malformedLine(path: url.path, line: line, reason: "no \"text\" field (expected {\"_id\", \"title\", \"text\"})")
            }
            guard seen.insert(record.id).inserted else { throw DataError.duplicateID(path: url.path, line: line, id: record.id) }
            body(record)
        }
    }

    /// A short reason for a JSON line that did not decode.
    private static func reason(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _)?: return "no \"\(key.stringValue)\" field (expected {\"_id\", \"title\", \"text\"})"
        case .typeMismatch(_, let context)?:
            return "field \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" has the wrong type"
        case .valueNotFound(_, let context)?:
            return "field \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" is null"
        default: return "not a JSON object (each line must be one JSON object)"
        }
    }

    static func readCorpus(_ url: URL) throws -> [Document] {
        var documents: [Document] = []
        try forEachRecord(url) { documents.append(Document(id: $0.id, title: $0.title ?? "", text: $0.text ?? "")) }
        return documents
    }

    static func readQueries(_ url: URL) throws -> [Query] {
        var queries: [Query] = []
        try forEachRecord(url) { queries.append(Query(id: $0.id, text: $0.text ?? "")) }
        return queries
    }

    /// A BEIR qrels file: an optional header line `query-id corpus-id score`, then `qid<TAB>docid<TAB>grade`.
    /// Judgements of unknown documents or queries are kept and counted in warnings; a repeated pair keeps the last
    /// grade and is counted too.
    static func readQrels(_ url: URL, documents: Set<String>, queries: Set<String>) throws -> (Qrels, [Warning]) {
        var qrels = Qrels()
        var unknownDocuments = 0, unknownQueries = 0, repeated = 0
        var firstUnknownDocument: (line: Int, id: String)?
        try LineReader(url).forEachLine { bytes, line in
            let text = String(decoding: bytes, as: UTF8.self)
            if text.allSatisfy(\.isWhitespace) { return }
            let fields = text.split(separator: "\t", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 3 else {
                throw DataError.malformedLine(path: url.path, line: line,
                                              reason: "expected query-id<TAB>corpus-id<TAB>score, got \(fields.count) field(s)")
            }
            guard let grade = Int(fields[2]) ?? Double(fields[2]).flatMap({ $0 == $0.rounded() ? Int($0) : nil }) else {
                if line == 1 { return }   // the header
                throw DataError.malformedLine(path: url.path, line: line, reason: "score \"\(fields[2])\" is not an integer")
            }
            let (query, document) = (fields[0], fields[1])
            if !documents.contains(document) {
                unknownDocuments += 1
                if firstUnknownDocument == nil { firstUnknownDocument = (line, document) }
            }
            if !queries.contains(query) { unknownQueries += 1 }
            if qrels.judgments[query]?[document] != nil { repeated += 1 }
            qrels.judgments[query, default: [:]][document] = grade
        }
        var warnings: [Warning] = []
        if let first = firstUnknownDocument {
            warnings.append(Warning(path: url.path, message: "\(unknownDocuments) judgement(s) name a document not in the corpus "
                + "(first: line \(first.line), \"\(first.id)\"); they count as relevant but can never be retrieved",
                count: unknownDocuments))
        }
        if unknownQueries > 0 {
            warnings.append(Warning(path: url.path, message: "\(unknownQueries) judgement(s) name a query not in queries.jsonl",
                                    count: unknownQueries))
        }
        if repeated > 0 {
            warnings.append(Warning(path: url.path, message: "\(repeated) repeated (query, document) pair(s); the last grade is kept",
                                    count: repeated))
        }
        return (qrels, warnings)
    }
}
