// Writing safetensors files byte-for-byte as Hugging Face's `safetensors` (0.8, Rust `serialize_file`) writes
// them for the same tensors: entries and data in byte-wise name order, compact serde_json header, header
// padded with spaces to a multiple of 8.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

extension Safetensors {
    /// Element types `write` can produce.
    public enum OutputDType: Sendable {
        /// Float32, values as they are.
        case f32
        /// bfloat16, rounded to nearest even (NaN → `0x7FC0`), as `tensor.to(torch.bfloat16)`.
        case bf16

        var dtype: DType { self == .f32 ? .f32 : .bf16 }
    }

    /// Writes `tensors` to `url` (replacing it atomically: a temporary file in the same folder is renamed).
    ///
    /// The layout matches HF `safetensors.torch.save_file` for the same tensors: the header lists
    /// `__metadata__` first (omitted when `metadata` is empty, like `metadata=None`; its keys are sorted, where
    /// HF's order is a hash map's), then the tensors sorted by the UTF-8 bytes of their names, as compact JSON
    /// `{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}`; the header is padded with spaces to a multiple of 8
    /// bytes; the data follows in the same name order with no gaps. Names must be unique.
    public static func write(_ tensors: [(name: String, tensor: Tensor)], to url: URL, dtype: OutputDType = .f32,
                             metadata: [String: String] = [:]) throws {
        let sorted = tensors.sorted { Array($0.name.utf8).lexicographicallyPrecedes($1.name.utf8) }
        for (a, b) in zip(sorted, sorted.dropFirst()) {
            precondition(a.name != b.name, "Safetensors.write: duplicate tensor name \(a.name)")
        }
        let header = headerBytes(sorted.map { ($0.name, $0.tensor.shape) }, dtype: dtype.dtype, metadata: metadata)

        let path = url.path
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw FormatError.writeFailed(file: path, reason: String(cString: strerror(errno))) }
        var closed = false
        defer {
            if !closed { close(fd); unlink(temporary) }
        }
        func put(_ bytes: UnsafeRawBufferPointer) throws {
            var done = 0
            while done < bytes.count {
                let n = systemWrite(fd, bytes.baseAddress! + done, bytes.count - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw FormatError.writeFailed(file: path, reason: String(cString: strerror(errno))) }
                done += n
            }
        }
        var length = UInt64(header.count).littleEndian
        try withUnsafeBytes(of: &length) { try put($0) }
        try header.withUnsafeBytes { try put($0) }
        for (_, tensor) in sorted where tensor.count > 0 {
            switch dtype {
            case .f32:
                try put(UnsafeRawBufferPointer(start: tensor.storage.base, count: tensor.count * 4))
            case .bf16:
                // Converted in chunks so that a large tensor needs no second full-size buffer.
                let chunk = 1 << 16
                var halves = [UInt16](repeating: 0, count: min(chunk, tensor.count))
                var start = 0
                while start < tensor.count {
                    let n = min(chunk, tensor.count - start)
                    for i in 0..<n { halves[i] = HalfFloat.bfloat16(from: tensor.storage.base[start + i]).littleEndian }
                    try halves.withUnsafeBytes { try put(UnsafeRawBufferPointer(rebasing: $0[0..<(2 * n)])) }
                    start += n
                }
            }
        }
        guard fsync(fd) == 0 || errno == EINVAL else { throw FormatError.writeFailed(file: path, reason: String(cString: strerror(errno))) }
        closed = true
        guard close(fd) == 0 else {
            unlink(temporary)
            throw FormatError.writeFailed(file: path, reason: String(cString: strerror(errno)))
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw FormatError.writeFailed(file: path, reason: reason)
        }
    }

    /// The padded JSON header for tensors already in name order.
    static func headerBytes(_ entries: [(name: String, shape: [Int])], dtype: DType, metadata: [String: String]) -> [UInt8] {
        var json = "{"
        var first = true
        if !metadata.isEmpty {
            let pairs = metadata.sorted { Array($0.key.utf8).lexicographicallyPrecedes($1.key.utf8) }
            json += "\"__metadata__\":{" + pairs.map { JSONString.quoted($0.key) + ":" + JSONString.quoted($0.value) }.joined(separator: ",") + "}"
            first = false
        }
        var offset = 0
        for (name, shape) in entries {
            let size = shape.elementCount * dtype.bitSize / 8
            if !first { json += "," }
            first = false
            json += JSONString.quoted(name) + ":{\"dtype\":\"\(dtype.rawValue)\",\"shape\":["
                + shape.map(String.init).joined(separator: ",") + "],\"data_offsets\":[\(offset),\(offset + size)]}"
            offset += size
        }
        json += "}"
        var bytes = Array(json.utf8)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - bytes.count % 8) % 8))
        return bytes
    }
}

/// POSIX `write(2)` (the name `write` is taken by `Safetensors.write` inside the extension).
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, buffer, count)
    #elseif canImport(Musl)
    return Musl.write(fd, buffer, count)
    #else
    return Darwin.write(fd, buffer, count)
    #endif
}
