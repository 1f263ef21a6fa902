// The ProRank / mxbai-rerank-v2 prompt as token ids (reference/method.md, "Prompt"): six pieces, each tokenized on
// its own with no special-token insertion (special tokens written in the text, such as `<|im_start|>`, are
// matched whole), then concatenated:
//
//     prefix + cut("query: " + q, maxQueryTokens) + "\n" + cut("document: " + d, maxDocumentTokens) + "\n" + task + suffix
//
// The query and document pieces are cut from their end. The answer tokens "0" and "1" are looked up in the
// tokenizer, never hard-coded; the score of a prompt is z["1"] − z["0"] at its last position (Reranker.swift).

/// Builds reranking prompts for one tokenizer.
public struct RerankPrompt: Sendable {
    public static let prefix = "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\n"
    public static let separator = "\n"
    public static let task = "You are a search relevance expert who evaluates how well documents match search queries. "
        + "For each query-document pair, carefully analyze the semantic relationship between them, then provide your "
        + "binary relevance judgment (0 for not relevant, 1 for relevant).\nRelevance:"
    public static let suffix = "<|im_end|>\n<|im_start|>assistant\n"

    public let tokenizer: Tokenizer
    /// Tokens kept of "query: q" (the released code keeps 3/4 of its 8192-token maximum: 6144).
    public let maxQueryTokens: Int
    /// Tokens kept of "document: d" (the project's CPU default, as the benchmark: 256).
    public let maxDocumentTokens: Int
    /// The ids of the answer tokens "0" and "1".
    public let zeroID: Int
    public let oneID: Int

    private let prefixIDs: [Int], separatorIDs: [Int], taskIDs: [Int], suffixIDs: [Int]

    /// Fails when "0" or "1" is not a single token, or when the tokenizer lacks the ChatML markers
    /// `<|im_start|>`/`<|im_end|>` as special tokens (they would be split into pieces of text).
    public init(tokenizer: Tokenizer, maxQueryTokens: Int = 6144, maxDocumentTokens: Int = 256) throws {
        guard maxQueryTokens >= 1, maxDocumentTokens >= 1 else {
            throw RerankError.invalidArgument("maxQueryTokens and maxDocumentTokens must be ≥ 1, got \(maxQueryTokens) and \(maxDocumentTokens)")
        }
        for marker in ["<|im_start|>", "<|im_end|>"] where tokenizer.encode(marker).count != 1 {
            throw RerankError.tokenizer("\(marker) is not a special token of this tokenizer (the prompt needs the ChatML markers; register them as special tokens)")
        }
        let zero = tokenizer.encode("0", parseSpecial: false), one = tokenizer.encode("1", parseSpecial: false)
        guard zero.count == 1, one.count == 1 else {
            throw RerankError.tokenizer("the answers \"0\" and \"1\" must be single tokens; this tokenizer gives \(zero) and \(one)")
        }
        (self.tokenizer, self.maxQueryTokens, self.maxDocumentTokens) = (tokenizer, maxQueryTokens, maxDocumentTokens)
        (zeroID, oneID) = (zero[0], one[0])
        prefixIDs = tokenizer.encode(Self.prefix)
        separatorIDs = tokenizer.encode(Self.separator)
        taskIDs = tokenizer.encode(Self.task)
        suffixIDs = tokenizer.encode(Self.suffix)
    }

    /// The prompt's token ids for one query–document pair.
    public func ids(query: String, document: String) -> [Int] {
        let q = tokenizer.encode("query: " + query).prefix(maxQueryTokens)
        let d = tokenizer.encode("document: " + document).prefix(maxDocumentTokens)
        return prefixIDs + q + separatorIDs + d + separatorIDs + taskIDs + suffixIDs
    }

    /// Tokens every prompt has besides the query and document pieces.
    public var fixedLength: Int { prefixIDs.count + 2 * separatorIDs.count + taskIDs.count + suffixIDs.count }
}

/// Errors of the reranking layer.
public enum RerankError: Error, CustomStringConvertible, Equatable, Sendable {
    case tokenizer(String)
    case invalidArgument(String)
    /// The caller asked to stop after `done` of `total` pairs.
    case cancelled(done: Int, total: Int)

    public var description: String {
        switch self {
        case .tokenizer(let message): return "reranking prompt: \(message)"
        case .invalidArgument(let message): return "reranking: \(message)"
        case .cancelled(let done, let total): return "reranking stopped after \(done) of \(total) pairs"
        }
    }
}
