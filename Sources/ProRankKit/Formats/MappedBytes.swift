// Read-only bytes of a whole file, memory-mapped (nothing is copied up front: the OS pages in what the readers
// touch), plus a bounds-checked little-endian cursor that throws `FormatError.truncated` instead of trapping.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The immutable bytes of a file: an `mmap` of the file, or a copy of in-memory data (tests, fuzzing).
/// The bytes stay valid for the object's lifetime. Readers assume a little-endian host (x86-64, arm64).
final class MappedBytes: @unchecked Sendable {
    /// Where the bytes came from, as shown in errors.
    let name: String
    let bytes: UnsafeRawBufferPointer
    private let release: () -> Void

    /// Maps the file at `url` read-only (`MAP_PRIVATE`); an empty file maps to an empty buffer.
    init(url: URL) throws {
        let path = url.path
        name = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FormatError.cannotOpen(file: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FormatError.cannotOpen(file: path, reason: String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw FormatError.cannotOpen(file: path, reason: "not a regular file") }
        let size = Int(info.st_size)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            release = {}
            return
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != UnsafeMutableRawPointer(bitPattern: -1) else {
            throw FormatError.cannotOpen(file: path, reason: "mmap failed: \(String(cString: strerror(errno)))")
        }
        bytes = UnsafeRawBufferPointer(start: base, count: size)
        release = { munmap(base, size) }
    }

    /// A private copy of `data`, shown in errors as `name`.
    init(data: Data, name: String) {
        self.name = name
        let count = data.count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 64)
        data.copyBytes(to: raw.assumingMemoryBound(to: UInt8.self), count: count)
        bytes = UnsafeRawBufferPointer(start: raw, count: count)
        release = { raw.deallocate() }
    }

    deinit { release() }

    var count: Int { bytes.count }

    /// The bytes `start..<start+count`; the caller has checked the range.
    func slice(_ start: Int, _ count: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[start..<(start + count)])
    }
}

/// A forward cursor over little-endian binary data. Every read checks the bounds first and names the field
/// it was reading when the data ends early.
struct ByteCursor {
    let bytes: UnsafeRawBufferPointer
    let file: String
    private(set) var offset: Int

    init(_ bytes: UnsafeRawBufferPointer, file: String, offset: Int = 0) {
        self.bytes = bytes
        self.file = file
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }

    /// Throws unless `count` more bytes are available.
    func require(_ count: Int, _ field: @autoclosure () -> String) throws {
        guard count >= 0, count <= remaining else {
            throw FormatError.truncated(file: file, field: field(), offset: offset, needed: count, fileSize: bytes.count)
        }
    }

    mutating func read<T: FixedWidthInteger>(_: T.Type, _ field: @autoclosure () -> String) throws -> T {
        try require(MemoryLayout<T>.size, field())
        let value = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += MemoryLayout<T>.size
        return T(littleEndian: value)
    }

    mutating func readFloat(_ field: @autoclosure () -> String) throws -> Float {
        Float(bitPattern: try read(UInt32.self, field()))
    }

    mutating func readDouble(_ field: @autoclosure () -> String) throws -> Double {
        Double(bitPattern: try read(UInt64.self, field()))
    }

    /// `count` raw bytes.
    mutating func readBytes(_ count: Int, _ field: @autoclosure () -> String) throws -> UnsafeRawBufferPointer {
        try require(count, field())
        let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
        offset += count
        return slice
    }

    /// A u64 length (or count) that must fit in `Int`; `field` names what it counts.
    mutating func readLength(_ field: @autoclosure () -> String) throws -> Int {
        let start = offset
        let n = try read(UInt64.self, field())
        guard n <= UInt64(Int.max) else {
            throw FormatError.truncated(file: file, field: field(), offset: start, needed: Int.max, fileSize: bytes.count)
        }
        return Int(n)
    }

    /// A GGUF string: u64 byte length, then that many UTF-8 bytes (invalid UTF-8 is repaired with U+FFFD).
    mutating func readString(_ field: @autoclosure () -> String) throws -> String {
        let length = try readLength("length of \(field())")
        let body = try readBytes(length, field())
        return String(decoding: body, as: UTF8.self)
    }
}
