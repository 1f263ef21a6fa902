// The key/value cache of a decoder: what every layer has seen, so a continuation costs one position per step.

/// Keys and values of every layer for the positions processed so far ([B, P, Hkv, D] per layer).
///
/// A cache is a value: `forward` returns an extended copy and leaves its input unchanged, so one prefilled prompt
/// can be continued several ways (`repeated(_:)` gives each continuation its own rows; a cache with batch 1 can
/// also be passed as-is with a batch of B new rows, which all attend to the shared prefix).
public struct KVCache {
    public private(set) var layers: [LayerKV]

    public init(layers: [LayerKV]) {
        precondition(Set(layers.map { $0.keys.shape }).count <= 1, "KVCache: layers differ in shape")
        self.layers = layers
    }

    /// Number of cached positions.
    public var length: Int { layers.first?.length ?? 0 }
    /// Number of rows (sequences).
    public var batch: Int { layers.first?.batch ?? 0 }

    /// The cache followed by `new` (one entry per layer), batch-broadcasting a shared single-row cache.
    func appending(_ new: [LayerKV]) -> KVCache {
        precondition(new.count == layers.count, "KVCache.appending: \(new.count) layers for a cache of \(layers.count)")
        return KVCache(layers: zip(layers, new).map { old, add in
            let rows = add.batch
            let keys = old.batch == rows ? old.keys : old.keys.expanded(to: [rows] + old.keys.shape.dropFirst())
            let values = old.batch == rows ? old.values : old.values.expanded(to: [rows] + old.values.shape.dropFirst())
            return LayerKV(keys: Tensor.concat([keys, add.keys], axis: 1), values: Tensor.concat([values, add.values], axis: 1))
        })
    }

    /// The same cache with every row repeated `copies` times (row r becomes rows r·copies ..< (r+1)·copies):
    /// forks one prefilled prompt into several independent continuations.
    public func repeated(_ copies: Int) -> KVCache {
        precondition(copies >= 1, "KVCache.repeated: copies must be ≥ 1, got \(copies)")
        if copies == 1 { return self }
        let rows = (0..<batch).flatMap { Array(repeating: $0, count: copies) }
        return KVCache(layers: layers.map {
            LayerKV(keys: $0.keys.indexSelect(axis: 0, rows), values: $0.values.indexSelect(axis: 0, rows))
        })
    }

    /// Only the given rows (e.g. the continuations that have not stopped yet).
    public func selecting(rows: [Int]) -> KVCache {
        KVCache(layers: layers.map { LayerKV(keys: $0.keys.indexSelect(axis: 0, rows), values: $0.values.indexSelect(axis: 0, rows)) })
    }
}
