// swift-tools-version: 6.1
// ProRank: step through, reproduce and extend the ProRank reranking method (arXiv 2506.03487) on a CPU.
// Layout and layering: ../shared/DESIGN.md §2. ProRankKit is the kernel library; prorank-repl the notebook host;
// prorank-bench the benchmark executable (ProRankKit only, so its release build stays fast).
import PackageDescription

/// Hot loops run on unsafe buffer pointers; release builds target the build machine's CPU so that Swift's
/// SIMD types and auto-vectorised loops use AVX2/AVX-512 (baseline x86-64 turns FMAs into libm calls,
/// see ../shared/reference/machine.md). `-fno-math-errno` lets `squareRoot()` compile to the vector square
/// root instead of a scalar one plus an errno-setting libm fallback that blocks vectorisation (AdamW's update
/// loop: 13.7 → 1.9 ms over 4.2 M floats). Debug builds of the kernel are optimised too (`-O`, portable CPU):
/// unoptimised SIMD code is ~50× slower and made the model tests take minutes.
let kernelSettings: [SwiftSetting] = [
    .unsafeFlags(["-target-cpu", "native", "-Xcc", "-fno-math-errno"], .when(configuration: .release)),
    .unsafeFlags(["-O"], .when(configuration: .debug)),
]

let package = Package(
    name: "ProRank",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "ProRankKit", targets: ["ProRankKit"]),
        .executable(name: "prorank-repl", targets: ["prorank-repl"]),
        .executable(name: "prorank-bench", targets: ["prorank-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // The run store (Sources/ProRankKit/Store): SQLite with WAL, DatabasePool and DatabaseMigrator.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // The notebook language's front end (Sources/prorank-repl/DSL): parser, operator folding and parse
        // diagnostics. prorank-repl only: its release build costs ~250 s (../shared/reference/machine.md).
        .package(url: "https://github.com/swiftlang/swift-syntax", exact: "603.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // zlib: gzip-compressed BEIR files (`corpus.jsonl.gz`, …), read as a stream by Data/LineReader.swift.
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "ProRankKit",
            dependencies: ["COpenBLAS", "CZlib", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: kernelSettings
        ),
        .executableTarget(
            name: "prorank-repl",
            dependencies: [
                "ProRankKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftParser", package: "swift-syntax"),
                .product(name: "SwiftOperators", package: "swift-syntax"),
                .product(name: "SwiftParserDiagnostics", package: "swift-syntax"),
            ]
        ),
        .executableTarget(
            name: "prorank-bench",
            dependencies: ["ProRankKit"],
            swiftSettings: kernelSettings
        ),
        .testTarget(name: "ProRankKitTests", dependencies: ["ProRankKit"]),
        // DSL/Cases holds the golden `.swift` cases: read by GoldenTests at run time, never compiled (and checked
        // against swiftc by DSL/verify-cases-with-swiftc.sh).
        .testTarget(name: "ProRankREPLTests", dependencies: ["prorank-repl"], exclude: ["DSL/Cases", "DSL/verify-cases-with-swiftc.sh"]),
    ],
    swiftLanguageModes: [.v6]
)
