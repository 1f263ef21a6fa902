// JSON string literals written the way serde_json (Hugging Face's safetensors and tokenizers) writes them, so
// files we write are byte-identical to theirs where it matters.

/// JSON string escaping.
public enum JSONString {
    /// `s` as a JSON string literal: `"` and `\` escaped, the short escapes `\b \t \n \f \r`, other control
    /// characters as `\u00xx`; everything else (including `/` and non-ASCII) written as is (UTF-8).
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
