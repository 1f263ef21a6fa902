// Reading safetensors files (Hugging Face's tensor format), memory-mapped and validated; F32, F16 and BF16
// tensors convert to Float32. The writer is in Safetensors+Write.swift.
//
// Layout: u64 little-endian header length `n`, `n` bytes of UTF-8 JSON, then the data section. The JSON maps
// each tensor name to `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets relative to the data
// section, row-major data) and may hold `"__metadata__": {string: string}`.

import Foundation

/// Namespace for reading and writing safetensors files.
///
/// ```swift
/// let weights = try Safetensors.read(URL(fileURLWithPath: "model.safetensors"))   // [String: Tensor]
/// try Safetensors.write(params.named, to: out, dtype: .bf16, metadata: ["format": "pt"])
/// ```
///
/// ### References
/// huggingface/safetensors, `safetensors/src/tensor.rs` (format, validation rules, writer layout).
public enum Safetensors {
    /// Element types of the format. Only F32, F16 and BF16 convert to Float32; the others are listed (so
    /// their offsets can be validated) but reading them throws `unsupportedType`.
    public enum DType: String, CaseIterable, Sendable {
        case bool = "BOOL", u8 = "U8", i8 = "I8", f8_e5m2 = "F8_E5M2", f8_e4m3 = "F8_E4M3", f8_e8m0 = "F8_E8M0"
        case i16 = "I16", u16 = "U16", f16 = "F16", bf16 = "BF16"
        case i32 = "I32", u32 = "U32", f32 = "F32", f64 = "F64", i64 = "I64", u64 = "U64", c64 = "C64"
        case f4 = "F4", f6_e2m3 = "F6_E2M3", f6_e3m2 = "F6_E3M2"

        /// Bits per element.
        public var bitSize: Int {
            switch self {
            case .f4: return 4
            case .f6_e2m3, .f6_e3m2: return 6
            case .bool, .u8, .i8, .f8_e5m2, .f8_e4m3, .f8_e8m0: return 8
            case .i16, .u16, .f16, .bf16: return 16
            case .i32, .u32, .f32: return 32
            case .f64, .i64, .u64, .c64: return 64
            }
        }
    }

    /// One tensor's entry in the header.
    public struct TensorInfo: Equatable, Sendable {
        public let name: String
        public let dtype: DType
        public let shape: [Int]
        /// `data_offsets`: byte range relative to the start of the data section.
        public let dataOffsets: Range<Int>
        /// Absolute offset of the first byte in the file (`8 + header length + begin`).
        public let fileOffset: Int

        public var elementCount: Int { shape.elementCount }
    }

    /// Every tensor of the file at `url`, converted to Float32 (see `SafetensorsFile.tensors()`).
    public static func read(_ url: URL) throws -> [String: Tensor] {
        try SafetensorsFile(url: url).tensors()
    }

    /// The tensor entries of the file at `url`, ordered by data offset, without loading any data.
    public static func tensorInfos(_ url: URL) throws -> [TensorInfo] {
        try SafetensorsFile(url: url).tensorInfos
    }

    /// Largest header accepted (the reference implementation's limit).
    static let maxHeaderLength = 100_000_000
}

/// An open safetensors file: the parsed, validated header over memory-mapped data.
///
/// Opening checks that the header length lies inside the file, the JSON is valid, every dtype is known, every
/// `data_offsets` range lies in the data section and has exactly `elements × dtype size` bytes, and no two
/// tensors overlap; any failure throws `FormatError` naming the file, tensor and offset. Gaps between
/// tensors are tolerated. Tensors are copied out one at a time into their own Float32 storage.
public final class SafetensorsFile: @unchecked Sendable {
    /// The path (or in-memory name) shown in errors.
    public let name: String
    /// `__metadata__` (empty if absent).
    public let metadata: [String: String]
    /// Every tensor entry, ordered by data offset (then name).
    public let tensorInfos: [Safetensors.TensorInfo]
    /// Start of the data section: `8 + header length`.
    public let dataOffset: Int

    private let file: MappedBytes
    private let index: [String: Int]

    public convenience init(url: URL) throws {
        try self.init(file: MappedBytes(url: url))
    }

    /// Parses safetensors bytes held in memory (copied once); `name` is shown in errors.
    public convenience init(data: Data, name: String = "<memory>") throws {
        try self.init(file: MappedBytes(data: data, name: name))
    }

    private init(file: MappedBytes) throws {
        self.file = file
        name = file.name
        var c = ByteCursor(file.bytes, file: name)
        let headerLength = try c.readLength("header length")
        guard headerLength <= Safetensors.maxHeaderLength else {
            throw FormatError.invalidHeader(file: name, key: nil, offset: 0,
                                            reason: "header length \(headerLength) exceeds the limit of \(Safetensors.maxHeaderLength) bytes")
        }
        let json = try c.readBytes(headerLength, "JSON header")
        dataOffset = 8 + headerLength
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(json))
        } catch let error as FormatError {
            throw error
        } catch {
            throw FormatError.invalidHeader(file: name, key: Self.key(of: error), offset: 8, reason: "invalid JSON header: \(Self.reason(of: error))")
        }
        metadata = header.metadata
        let dataSize = file.count - dataOffset
        var infos: [Safetensors.TensorInfo] = []
        for entry in header.entries {
            infos.append(try Self.validate(entry, dataSize: dataSize, dataOffset: dataOffset, file: name))
        }
        infos.sort { ($0.dataOffsets.lowerBound, $0.dataOffsets.upperBound, $0.name) < ($1.dataOffsets.lowerBound, $1.dataOffsets.upperBound, $1.name) }
        var previous: Safetensors.TensorInfo?
        for info in infos where !info.dataOffsets.isEmpty {
            if let p = previous, info.dataOffsets.lowerBound < p.dataOffsets.upperBound {
                throw FormatError.invalidTensor(file: name, tensor: info.name, offset: info.fileOffset,
                                                reason: "data_offsets \(info.dataOffsets) overlap tensor '\(p.name)' at \(p.dataOffsets)")
            }
            previous = info
        }
        tensorInfos = infos
        index = Dictionary(uniqueKeysWithValues: infos.enumerated().map { ($1.name, $0) })
    }

    /// Checks one header entry against the data section.
    private static func validate(_ e: Header.Entry, dataSize: Int, dataOffset: Int, file: String) throws -> Safetensors.TensorInfo {
        func invalid(_ reason: String) -> FormatError { .invalidTensor(file: file, tensor: e.name, offset: 8, reason: reason) }
        guard let dtype = Safetensors.DType(rawValue: e.dtype) else { throw invalid("unknown dtype '\(e.dtype)'") }
        // Numbers are decoded as Double (exact below 2⁵³, far beyond any real file) and must be integers.
        let shape = e.shape.compactMap { Int(exactly: $0) }
        guard shape.count == e.shape.count, shape.allSatisfy({ $0 >= 0 }) else {
            throw invalid("shape \(e.shape) has a negative or non-integer dimension")
        }
        var elements = 1
        for d in shape {
            let (p, overflow) = elements.multipliedReportingOverflow(by: d)
            guard !overflow else { throw invalid("element count of shape \(shape) overflows") }
            elements = p
        }
        let (bits, overflow) = elements.multipliedReportingOverflow(by: dtype.bitSize)
        guard !overflow, bits % 8 == 0 else { throw invalid("shape \(shape) of \(dtype.rawValue) is not a whole number of bytes") }
        let offsets = e.offsets.compactMap { Int(exactly: $0) }
        guard offsets.count == 2, e.offsets.count == 2 else { throw invalid("data_offsets must be two integers [begin, end], found \(e.offsets)") }
        let (begin, end) = (offsets[0], offsets[1])
        guard begin >= 0, begin <= end else { throw invalid("data_offsets [\(begin), \(end)] are not an increasing range") }
        guard end <= dataSize else {
            throw FormatError.tensorOutOfBounds(file: file, tensor: e.name, start: dataOffset + begin, end: dataOffset + end,
                                                fileSize: dataOffset + dataSize)
        }
        guard end - begin == bits / 8 else {
            throw FormatError.invalidTensor(file: file, tensor: e.name, offset: dataOffset + begin,
                                            reason: "data_offsets [\(begin), \(end)] hold \(end - begin) bytes but shape \(shape) of \(dtype.rawValue) needs \(bits / 8)")
        }
        return Safetensors.TensorInfo(name: e.name, dtype: dtype, shape: shape, dataOffsets: begin..<end, fileOffset: dataOffset + begin)
    }

    /// Size of the file in bytes.
    public var fileSize: Int { file.count }

    public func info(named name: String) -> Safetensors.TensorInfo? {
        index[name].map { tensorInfos[$0] }
    }

    /// The tensor called `name` as Float32 (F32 copied, F16/BF16 widened exactly).
    public func tensor(named name: String) throws -> Tensor {
        guard let info = info(named: name) else { throw FormatError.tensorNotFound(file: self.name, tensor: name) }
        return try tensor(info)
    }

    /// Every tensor as Float32, by name. Throws `unsupportedType` if any tensor is not F32, F16 or BF16.
    public func tensors() throws -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for info in tensorInfos { out[info.name] = try tensor(info) }
        return out
    }

    private func tensor(_ info: Safetensors.TensorInfo) throws -> Tensor {
        let storage = TensorStorage(uninitializedCount: info.elementCount)
        let count = info.elementCount
        try withExtendedLifetime(file) {
            guard count > 0 else {
                if [.f32, .f16, .bf16].contains(info.dtype) { return }
                throw FormatError.unsupportedType(file: name, tensor: info.name, type: info.dtype.rawValue)
            }
            let src = file.bytes.baseAddress! + info.fileOffset
            switch info.dtype {
            case .f32: HalfFloat.copyFloats(src, count: count, into: storage.base)
            case .f16: HalfFloat.widenHalves(src, count: count, into: storage.base)
            case .bf16: HalfFloat.widenBFloat16s(src, count: count, into: storage.base)
            default: throw FormatError.unsupportedType(file: name, tensor: info.name, type: info.dtype.rawValue)
            }
        }
        return Tensor(shape: info.shape, storage: storage)
    }

    /// The JSON key an error is about (the tensor name, for a malformed entry).
    private static func key(of error: Error) -> String? {
        guard let e = error as? DecodingError else { return nil }
        let path: [CodingKey]
        switch e {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c): path = c.codingPath
        @unknown default: return nil
        }
        return path.first?.stringValue
    }

    private static func reason(of error: Error) -> String {
        guard let e = error as? DecodingError else { return "\(error)" }
        switch e {
        case .typeMismatch(let type, let c): return "expected \(type) at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        case .valueNotFound(let type, let c): return "missing \(type) at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        case .keyNotFound(let key, let c): return "missing key '\(key.stringValue)' in \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        case .dataCorrupted(let c): return c.debugDescription
        @unknown default: return "\(e)"
        }
    }
}

/// The decoded JSON header: `__metadata__` plus one entry per tensor.
private struct Header: Decodable {
    struct Entry: Decodable {
        var name = ""
        let dtype: String
        let shape: [Double]
        let offsets: [Double]

        enum CodingKeys: String, CodingKey { case dtype, shape, offsets = "data_offsets" }
    }

    struct Key: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    let metadata: [String: String]
    let entries: [Entry]

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        var metadata: [String: String] = [:]
        var entries: [Entry] = []
        for key in container.allKeys {
            if key.stringValue == "__metadata__" {
                metadata = try container.decode([String: String].self, forKey: key)
            } else {
                var entry = try container.decode(Entry.self, forKey: key)
                entry.name = key.stringValue
                entries.append(entry)
            }
        }
        self.metadata = metadata
        self.entries = entries
    }
}
