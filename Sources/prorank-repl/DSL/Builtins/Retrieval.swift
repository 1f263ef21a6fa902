// ProRankKit's retrieval layer bound into the notebook language (DESIGN.md §5): collections, BM25 and
// evaluation. Filled in below as the bindings land.

enum RetrievalBuiltins {
    static var functions: [(String, BuiltinBody)] { [] }
}
