// The pre-tokenizer: the pipeline of splitting steps (Hugging Face `pre_tokenizer`) that cuts normalized text into
// the pieces ("words") BPE then encodes one by one. Each step is applied to every piece the previous step made.
// The regexes are recognised by their exact pattern text and run as scanners (PreTokenizer+Scanners.swift).

/// A `Split` regex this implementation can run.
public enum SplitPattern: String, Sendable, CaseIterable {
    /// GPT-2's pattern (also what `ByteLevel(use_regex: true)` applies).
    case gpt2
    /// Qwen2 / Qwen2.5's pattern: case-insensitive contractions, one digit per piece, punctuation that keeps its
    /// trailing newlines.
    case qwen2

    /// The regex, exactly as tokenizer.json files write it.
    public var regex: String {
        switch self {
        case .gpt2: return #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#
        case .qwen2:
            return #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
        }
    }

    /// The pattern whose regex is `regex`, or nil.
    public init?(regex: String) {
        guard let p = SplitPattern.allCases.first(where: { $0.regex == regex }) else { return nil }
        self = p
    }
}

/// One step of a pre-tokenizer pipeline.
enum PreTokenizerStep: Equatable, Sendable {
    /// `Split(Regex(pattern), behavior: Isolated, invert: false)`: matches and the text between them become pieces.
    case split(SplitPattern)
    /// `Digits(individual_digits)`: numbers are isolated, one per piece or in runs.
    case digits(individual: Bool)
    /// `ByteLevel`: optionally a space in front of pieces that lack one, then (with `useRegex`) the GPT-2 split. The
    /// mapping of bytes to the byte-level alphabet is implicit: BPE works on the bytes directly.
    case byteLevel(addPrefixSpace: Bool, trimOffsets: Bool, useRegex: Bool)
}

/// A pipeline of pre-tokenizer steps over a UTF-8 buffer.
struct PreTokenizer: Equatable, Sendable {
    var steps: [PreTokenizerStep]

    /// Splits `bytes[range]` into pieces and appends them to `out`. May append bytes to `bytes` (a piece that needs
    /// a prefix space is copied to the end first); `scratch` is reused storage.
    func split(_ bytes: inout [UInt8], _ range: ByteRange, into out: inout [ByteRange], scratch: inout Scratch) {
        guard range.start < range.end else { return }
        guard !steps.isEmpty else { out.append(range); return }
        scratch.current.removeAll(keepingCapacity: true)
        scratch.current.append(range)
        for (k, step) in steps.enumerated() {
            if k == steps.count - 1 {
                apply(step, &bytes, scratch.current, into: &out)
            } else {
                scratch.next.removeAll(keepingCapacity: true)
                apply(step, &bytes, scratch.current, into: &scratch.next)
                swap(&scratch.current, &scratch.next)
            }
        }
    }

    /// Piece lists reused between calls.
    struct Scratch {
        var current: [ByteRange] = []
        var next: [ByteRange] = []
    }

    private func apply(_ step: PreTokenizerStep, _ bytes: inout [UInt8], _ pieces: [ByteRange], into out: inout [ByteRange]) {
        switch step {
        case .split(let pattern):
            bytes.withUnsafeBufferPointer { buf in
                let base = buf.baseAddress!
                for p in pieces {
                    switch pattern {
                    case .gpt2: PreTokenizerScanners.split(base, p, into: &out, PreTokenizerScanners.gpt2Match)
                    case .qwen2: PreTokenizerScanners.split(base, p, into: &out, PreTokenizerScanners.qwen2Match)
                    }
                }
            }
        case .digits(let individual):
            bytes.withUnsafeBufferPointer { buf in
                for p in pieces { PreTokenizerScanners.splitDigits(buf.baseAddress!, p, individual: individual, into: &out) }
            }
        case .byteLevel(let addPrefixSpace, _, let useRegex):
            var pieces = pieces
            if addPrefixSpace {
                for (n, p) in pieces.enumerated() where bytes[p.start] != 0x20 {
                    let piece = Array(bytes[p.start..<p.end])
                    let start = bytes.count
                    bytes.append(0x20)
                    bytes.append(contentsOf: piece)
                    pieces[n] = ByteRange(start: start, end: bytes.count)
                }
            }
            guard useRegex else { out.append(contentsOf: pieces); return }
            bytes.withUnsafeBufferPointer { buf in
                for p in pieces { PreTokenizerScanners.split(buf.baseAddress!, p, into: &out, PreTokenizerScanners.gpt2Match) }
            }
        }
    }

    /// Whether the pipeline maps text to the byte-level alphabet (the only kind of BPE this module runs).
    var isByteLevel: Bool {
        steps.contains { if case .byteLevel = $0 { return true } else { return false } }
    }
}
