// The one error type of Formats/: every problem with a file's bytes (safetensors or GGUF) is thrown as a
// `FormatError` that names the file, the tensor or key, the byte offset, and a hint. Bad input never traps.

/// A safetensors or GGUF file that cannot be read as claimed.
///
/// `file` is the path given to the reader (or the name given to an in-memory reader); offsets are absolute
/// byte offsets into the file. `description` is the message to show a user: what is wrong, where, and a hint.
public enum FormatError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file could not be opened, inspected or mapped (the OS error is in `reason`).
    case cannotOpen(file: String, reason: String)
    /// The file ends before `needed` bytes of `field`, which starts at `offset`.
    case truncated(file: String, field: String, offset: Int, needed: Int, fileSize: Int)
    /// The first four bytes are not `GGUF`.
    case badMagic(file: String, found: [UInt8])
    /// A GGUF version other than 2 or 3 (1 is obsolete, a low half of 0 means a big-endian file).
    case unsupportedVersion(file: String, version: UInt32)
    /// A header or metadata entry is malformed (duplicate key, bad bool, unknown value type, bad JSON …).
    case invalidHeader(file: String, key: String?, offset: Int, reason: String)
    /// A tensor's description is inconsistent (shape, type, offsets, duplicate name …).
    case invalidTensor(file: String, tensor: String, offset: Int, reason: String)
    /// A tensor's data lies (partly) outside the file.
    case tensorOutOfBounds(file: String, tensor: String, start: Int, end: Int, fileSize: Int)
    /// A tensor of a type this reader knows but cannot convert to Float32 (IQ quants, integer dtypes …).
    case unsupportedType(file: String, tensor: String, type: String)
    /// No tensor of that name.
    case tensorNotFound(file: String, tensor: String)
    /// A metadata key that an operation needs is absent or has the wrong type.
    case missingMetadata(file: String, key: String, neededFor: String)
    /// The file's `general.architecture` has no Hugging Face mapping.
    case unsupportedArchitecture(file: String, architecture: String)
    /// Writing failed (the OS error is in `reason`).
    case writeFailed(file: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotOpen(file, reason):
            return "\(file): cannot open: \(reason) (hint: check the path and permissions)"
        case let .truncated(file, field, offset, needed, fileSize):
            return "\(file): truncated at byte \(offset): \(field) needs \(needed) bytes but the file has \(fileSize) "
                + "(hint: the file is incomplete or corrupt; download it again)"
        case let .badMagic(file, found):
            let hex = found.map { String($0, radix: 16) }.joined(separator: " ")
            return "\(file): not a GGUF file: magic at byte 0 is [\(hex)], expected [47 47 55 46] \"GGUF\" "
                + "(hint: is it a safetensors or a PyTorch file?)"
        case let .unsupportedVersion(file, version):
            let hint: String
            if version & 0xFFFF == 0 && version != 0 {
                hint = "the file is big-endian; convert it to little-endian with gguf-py"
            } else if version == 1 {
                hint = "GGUF v1 is obsolete; convert the file again with a current llama.cpp"
            } else {
                hint = "only GGUF v2 and v3 are supported"
            }
            return "\(file): GGUF version \(version) at byte 4 is not supported (hint: \(hint))"
        case let .invalidHeader(file, key, offset, reason):
            let at = key.map { " key '\($0)'" } ?? ""
            return "\(file):\(at) at byte \(offset): \(reason) (hint: the header is corrupt or was written by a non-conforming tool)"
        case let .invalidTensor(file, tensor, offset, reason):
            return "\(file): tensor '\(tensor)' (info at byte \(offset)): \(reason) (hint: the file is corrupt or not what its header claims)"
        case let .tensorOutOfBounds(file, tensor, start, end, fileSize):
            return "\(file): tensor '\(tensor)' occupies bytes \(start)..<\(end) but the file has \(fileSize) bytes "
                + "(hint: the file is truncated; download it again)"
        case let .unsupportedType(file, tensor, type):
            return "\(file): tensor '\(tensor)' has type \(type), which cannot be converted to Float32 "
                + "(hint: supported: F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q2_K…Q6_K; re-quantize or convert the file)"
        case let .tensorNotFound(file, tensor):
            return "\(file): no tensor named '\(tensor)' (hint: list the file's tensor infos to see the names it has)"
        case let .missingMetadata(file, key, neededFor):
            return "\(file): metadata key '\(key)' is missing or not a number; it is needed for \(neededFor) "
                + "(hint: the file was not written by llama.cpp's converter; add the key with gguf-py)"
        case let .unsupportedArchitecture(file, architecture):
            return "\(file): architecture '\(architecture)' has no Hugging Face tensor mapping "
                + "(hint: supported: llama (SmolLM2), qwen2 (Qwen2.5); read tensors by their GGUF names instead)"
        case let .writeFailed(file, reason):
            return "\(file): cannot write: \(reason) (hint: check the directory exists and is writable, and the free space)"
        }
    }
}
