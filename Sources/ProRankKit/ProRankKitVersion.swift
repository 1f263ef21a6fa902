// The kernel's version: shown by `--version`, written into run records and part of notebook cache keys.

/// Version information for ProRankKit.
public enum ProRankKitInfo {
    /// Semantic version of the kernel library; bump when numeric results can change.
    public static let version = "0.1.0"
}
