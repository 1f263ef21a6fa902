// Shapes are plain `[Int]` (row-major, last axis fastest). Helpers for element counts, strides, axis
// normalisation and NumPy-style broadcasting.

extension Array where Element == Int {
    /// Product of the dimensions (1 for a scalar shape `[]`).
    @inlinable public var elementCount: Int { reduce(1, *) }

    /// Row-major strides: `strides[i] = ∏ shape[i+1...]`.
    public var rowMajorStrides: [Int] {
        var strides = [Int](repeating: 1, count: count)
        var acc = 1
        for i in stride(from: count - 1, through: 0, by: -1) {
            strides[i] = acc
            acc *= self[i]
        }
        return strides
    }
}

public enum Shape {
    /// Resolves a possibly negative axis (`-1` = last) against `rank`.
    public static func axis(_ axis: Int, rank: Int, op: String) -> Int {
        let a = axis < 0 ? axis + rank : axis
        precondition(a >= 0 && a < rank, "\(op): axis \(axis) out of range for rank \(rank)")
        return a
    }

    /// Broadcast shape of two shapes under NumPy rules: shapes are aligned at their last axis; each pair of
    /// dimensions must be equal or one of them 1; missing leading dimensions count as 1.
    public static func broadcast(_ a: [Int], _ b: [Int], op: String) -> [Int] {
        let rank = Swift.max(a.count, b.count)
        var out = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            precondition(da == db || da == 1 || db == 1, "\(op): shapes \(a) and \(b) do not broadcast")
            out[i] = da == 1 ? db : da
        }
        return out
    }

    /// Strides that read a tensor of `shape` as if it had the (broadcast) shape `target`: 0 on broadcast axes.
    public static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = shape.rowMajorStrides
        let pad = target.count - shape.count
        return (0..<target.count).map { i in
            i < pad || shape[i - pad] == 1 ? 0 : own[i - pad]
        }
    }

    /// Resolves one `-1` in a reshape target against `count` elements.
    public static func resolve(_ shape: [Int], count: Int, op: String) -> [Int] {
        guard let hole = shape.firstIndex(of: -1) else { return shape }
        precondition(shape.filter { $0 == -1 }.count == 1, "\(op): more than one -1 in \(shape)")
        let known = shape.enumerated().reduce(1) { $1.offset == hole ? $0 : $0 * $1.element }
        precondition(known > 0 && count % known == 0, "\(op): cannot infer -1 in \(shape) for \(count) elements")
        var out = shape
        out[hole] = count / known
        return out
    }
}
