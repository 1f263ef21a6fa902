// A GGUF v2/v3 file (llama.cpp's model format), memory-mapped: header, metadata, tensor infos and the data
// section, validated on open; tensors are dequantized to Float32 one at a time on request.
// Follows reference/gguf.md §1–2 (layout, type sizes); decoding is in GGUFDequantize.swift / GGUFKQuants.swift.

import Foundation

/// Where one tensor's data lies in a GGUF file and how it is encoded.
public struct GGUFTensorInfo: Equatable, Sendable {
    public let name: String
    /// Dimensions with `ne[0]` the fastest-varying (the columns; a linear weight's input features).
    public let ne: [Int]
    public let type: GGMLType
    /// Offset of the data relative to the start of the data section (a multiple of the alignment).
    public let offset: Int
    /// Offset of the data from the start of the file (`dataOffset + offset`).
    public let fileOffset: Int
    /// Size of the data: `elementCount / type.blockElements × type.blockBytes`.
    public let nBytes: Int
    /// `∏ ne`.
    public let elementCount: Int

    /// The PyTorch shape: `ne` reversed (`ne = [in, out]` is the row-major matrix `W[out][in]`).
    public var shape: [Int] { ne.reversed() }
}

/// A GGUF file opened read-only.
///
/// ```swift
/// let gguf = try GGUFFile(url: URL(fileURLWithPath: "SmolLM2-135M-Instruct.Q4_1.gguf"))
/// gguf.architecture                                   // "llama"
/// gguf.metadata["llama.embedding_length"]?.int         // 576
/// let embed = try gguf.tensor(named: "token_embd.weight")   // [49152, 576] Float32
/// ```
///
/// Opening parses and validates the whole header (magic, version, every metadata value, every tensor info,
/// alignment, and that every tensor's bytes lie inside the file) and throws `FormatError` on the first
/// problem. The file is memory-mapped and never copied as a whole; each `tensor(named:)` allocates only that
/// tensor's Float32 storage. Assumes a little-endian host.
///
/// ### References
/// GGUF specification, ggml `docs/gguf.md`; verified against gguf-py 0.19.0 (see reference/gguf.md §5).
public final class GGUFFile: @unchecked Sendable {
    /// The path (or in-memory name) shown in errors.
    public let name: String
    /// 2 or 3.
    public let version: Int
    /// Metadata by key.
    public let metadata: [String: GGUFValue]
    /// Metadata keys in file order.
    public let metadataKeys: [String]
    /// Tensor infos in file order (not necessarily the order of the data, nor llama.cpp's layer order).
    public let tensorInfos: [GGUFTensorInfo]
    /// Data alignment `A` (`general.alignment`, default 32).
    public let alignment: Int
    /// Start of the data section: `align_up(end of the tensor infos, A)`.
    public let dataOffset: Int

    private let file: MappedBytes
    private let index: [String: Int]

    /// Opens and validates the file at `url` (memory-mapped).
    public convenience init(url: URL) throws {
        try self.init(file: MappedBytes(url: url))
    }

    /// Parses GGUF bytes held in memory (they are copied once); `name` is shown in errors.
    public convenience init(data: Data, name: String = "<memory>") throws {
        try self.init(file: MappedBytes(data: data, name: name))
    }

    /// The default alignment when `general.alignment` is absent.
    public static let defaultAlignment = 32

    private init(file: MappedBytes) throws {
        self.file = file
        name = file.name
        var c = ByteCursor(file.bytes, file: name)

        let magic = try c.readBytes(4, "magic")
        guard Array(magic) == Array("GGUF".utf8) else { throw FormatError.badMagic(file: name, found: Array(magic)) }
        let rawVersion = try c.read(UInt32.self, "version")
        guard rawVersion == 2 || rawVersion == 3 else { throw FormatError.unsupportedVersion(file: name, version: rawVersion) }
        version = Int(rawVersion)
        let tensorCount = try c.readLength("tensor count")
        let kvCount = try c.readLength("metadata count")

        var metadata: [String: GGUFValue] = [:]
        var keys: [String] = []
        var keyOffsets: [String: Int] = [:]
        for i in 0..<kvCount {
            let at = c.offset
            let key = try c.readString("key of metadata pair \(i)")
            guard metadata[key] == nil else {
                throw FormatError.invalidHeader(file: name, key: key, offset: at, reason: "duplicate key (first at byte \(keyOffsets[key]!))")
            }
            let type = try GGUFValue.readType(from: &c, key: key, what: "value type")
            metadata[key] = try GGUFValue.read(type, from: &c, key: key)
            keys.append(key)
            keyOffsets[key] = at
        }
        self.metadata = metadata
        metadataKeys = keys

        var alignment = Self.defaultAlignment
        if let value = metadata["general.alignment"] {
            guard case .uint32(let a) = value, a > 0, a & (a - 1) == 0 else {
                throw FormatError.invalidHeader(file: name, key: "general.alignment", offset: keyOffsets["general.alignment"]!,
                                                reason: "alignment must be a non-zero power of two of type UINT32, found \(value)")
            }
            alignment = Int(a)
        }
        self.alignment = alignment

        var infos: [GGUFTensorInfo] = []
        infos.reserveCapacity(min(tensorCount, c.remaining / 24))
        var index: [String: Int] = [:]
        for i in 0..<tensorCount {
            let at = c.offset
            let tensorName = try c.readString("name of tensor \(i)")
            let info = try Self.readTensorInfo(&c, name: tensorName, at: at, alignment: alignment, file: name)
            guard index[tensorName] == nil else {
                throw FormatError.invalidTensor(file: name, tensor: tensorName, offset: at, reason: "duplicate tensor name")
            }
            index[tensorName] = infos.count
            infos.append(info)
        }
        // Alignment is at most 2³¹, so this cannot overflow for an in-memory offset.
        let dataOffset = (c.offset + alignment - 1) / alignment * alignment
        self.dataOffset = dataOffset
        self.index = index

        tensorInfos = try infos.map { info in
            let (start, o1) = dataOffset.addingReportingOverflow(info.offset)
            let (end, o2) = start.addingReportingOverflow(info.nBytes)
            guard !o1, !o2, end <= file.count else {
                throw FormatError.tensorOutOfBounds(file: file.name, tensor: info.name, start: o1 ? Int.max : start,
                                                    end: o1 || o2 ? Int.max : end, fileSize: file.count)
            }
            return GGUFTensorInfo(name: info.name, ne: info.ne, type: info.type, offset: info.offset, fileOffset: start,
                                  nBytes: info.nBytes, elementCount: info.elementCount)
        }
    }

    /// Reads the rest of a tensor-info record (after the name) and checks its shape, type and offset.
    /// The returned `fileOffset` is a placeholder until the data offset is known.
    private static func readTensorInfo(_ c: inout ByteCursor, name: String, at: Int, alignment: Int, file: String) throws -> GGUFTensorInfo {
        func invalid(_ reason: String) -> FormatError { .invalidTensor(file: file, tensor: name, offset: at, reason: reason) }
        let nDims = try c.read(UInt32.self, "n_dims of tensor '\(name)'")
        guard nDims <= 4 else { throw invalid("n_dims is \(nDims), at most 4 are allowed") }
        var ne: [Int] = []
        var elements = 1
        for d in 0..<Int(nDims) {
            let n = try c.read(UInt64.self, "ne[\(d)] of tensor '\(name)'")
            guard n < UInt64(Int.max) else { throw invalid("ne[\(d)] = \(n) is too large") }
            ne.append(Int(n))
        }
        for n in ne {
            let (product, overflow) = elements.multipliedReportingOverflow(by: n)
            guard !overflow else { throw invalid("element count of ne \(ne) overflows") }
            elements = product
        }
        let typeAt = c.offset
        let typeID = try c.read(UInt32.self, "type of tensor '\(name)'")
        guard let type = GGMLType(rawValue: typeID) else {
            throw FormatError.invalidTensor(file: file, tensor: name, offset: typeAt, reason: "unknown ggml type id \(typeID)")
        }
        let rowLength = ne.first ?? 1
        guard rowLength % type.blockElements == 0 else {
            throw invalid("ne[0] = \(rowLength) is not a multiple of the \(type.name) block size \(type.blockElements)")
        }
        guard let nBytes = type.byteCount(elements: elements) else { throw invalid("byte size of ne \(ne) in \(type.name) overflows") }
        let offsetAt = c.offset
        let offset = try c.read(UInt64.self, "data offset of tensor '\(name)'")
        guard offset < UInt64(Int.max), Int(offset) % alignment == 0 else {
            throw FormatError.invalidTensor(file: file, tensor: name, offset: offsetAt,
                                            reason: "data offset \(offset) is not a multiple of the alignment \(alignment)")
        }
        return GGUFTensorInfo(name: name, ne: ne, type: type, offset: Int(offset), fileOffset: -1, nBytes: nBytes, elementCount: elements)
    }

    /// Size of the file in bytes.
    public var fileSize: Int { file.count }

    /// `general.architecture` (`"llama"`, `"qwen2"`, …).
    public var architecture: String? { metadata["general.architecture"]?.string }

    /// The info of the tensor called `name`, if there is one.
    public func info(named name: String) -> GGUFTensorInfo? {
        index[name].map { tensorInfos[$0] }
    }

    /// Calls `body` with the tensor's raw (still encoded) bytes; they are valid only inside `body`.
    public func withRawBytes<R>(of tensor: String, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        guard let info = info(named: tensor) else { throw FormatError.tensorNotFound(file: name, tensor: tensor) }
        return try withExtendedLifetime(file) { try body(file.slice(info.fileOffset, info.nBytes)) }
    }

    /// The tensor called `name`, dequantized to Float32, with the PyTorch shape (`ne` reversed).
    /// Throws `unsupportedType` for types that are not `isDecodable` (IQ quants, integer types …).
    public func tensor(named name: String) throws -> Tensor {
        guard let info = info(named: name) else { throw FormatError.tensorNotFound(file: self.name, tensor: name) }
        return try tensor(info)
    }

    func tensor(_ info: GGUFTensorInfo) throws -> Tensor {
        guard info.type.isDecodable else { throw FormatError.unsupportedType(file: name, tensor: info.name, type: info.type.name) }
        let storage = TensorStorage(uninitializedCount: info.elementCount)
        if info.elementCount > 0 {
            withExtendedLifetime(file) {
                _ = GGMLDequantizer.dequantize(info.type, file.bytes.baseAddress! + info.fileOffset, count: info.elementCount, into: storage.base)
            }
        }
        return Tensor(shape: info.shape, storage: storage)
    }
}
