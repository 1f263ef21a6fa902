// Streaming line reader for collection files: plain or gzip-compressed (zlib's gzread reads both; a file that is
// not gzip is passed through unchanged), read in 256 KiB chunks so a corpus is never held twice in memory.

import CZlib
import Foundation

/// Reads a text file line by line, transparently decompressing gzip (`.gz`) files.
///
/// Lines are split at `\n`; a trailing `\r` (CRLF files) and a UTF-8 byte-order mark at the start of the file are
/// removed. Line numbers start at 1. Errors name the file (and the line for a damaged gzip stream).
struct LineReader {
    let url: URL
    private static let chunkSize = 1 << 18

    init(_ url: URL) { self.url = url }

    /// Calls `body(bytes, lineNumber)` for every line, in order. The bytes are only valid during the call.
    func forEachLine(_ body: (UnsafeRawBufferPointer, Int) throws -> Void) throws {
        let path = url.path
        guard FileManager.default.isReadableFile(atPath: path), let file = gzopen(path, "rb") else {
            throw DataError.fileNotFound(path: path, hint: "check the path and that the file is readable")
        }
        defer { gzclose(file) }
        var carry: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: LineReader.chunkSize)
        var lineNumber = 0
        var atStart = true

        func emit(_ line: UnsafeRawBufferPointer) throws {
            lineNumber += 1
            var bytes = line
            if atStart {
                atStart = false
                if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                    bytes = UnsafeRawBufferPointer(rebasing: bytes[3...])
                }
            }
            if let last = bytes.last, last == UInt8(ascii: "\r") {
                bytes = UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count - 1)])
            }
            try body(bytes, lineNumber)
        }

        while true {
            let read = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
            if read <= 0 {
                // zlib reports a truncated stream only through gzerror (Z_BUF_ERROR) once it returns 0.
                var code: Int32 = Z_OK
                let message = gzerror(file, &code).map { String(cString: $0) } ?? "unknown error"
                if read < 0 || code != Z_OK {
                    throw DataError.malformedLine(path: path, line: lineNumber + 1,
                                                  reason: "cannot read the file (\(message)); is the gzip file complete?")
                }
                break
            }
            try chunk.withUnsafeBytes { raw in
                let buffer = UnsafeRawBufferPointer(rebasing: raw[..<Int(read)])
                var start = 0
                while start < buffer.count {
                    guard let base = buffer.baseAddress,
                          let hit = memchr(base + start, Int32(UInt8(ascii: "\n")), buffer.count - start) else {
                        carry.append(contentsOf: buffer[start...])
                        return
                    }
                    let end = base.distance(to: UnsafeRawPointer(hit))
                    if carry.isEmpty {
                        try emit(UnsafeRawBufferPointer(rebasing: buffer[start..<end]))
                    } else {
                        carry.append(contentsOf: buffer[start..<end])
                        try carry.withUnsafeBytes { try emit($0) }
                        carry.removeAll(keepingCapacity: true)
                    }
                    start = end + 1
                }
            }
        }
        if !carry.isEmpty { try carry.withUnsafeBytes { try emit($0) } }
    }
}
