// Elementwise functions of one tensor, each with its derivative beside it.

import Foundation

extension Tensor {
    /// Applies `f` to every element into a new tensor (the kernel of the unary ops; records nothing).
    @inline(__always)
    func map(_ f: (Float) -> Float) -> Tensor {
        let out = Tensor.uninitialized(shape), po = out.storage.base, px = storage.base
        for i in 0..<count { po[i] = f(px[i]) }
        return out
    }

    /// `f(x, y, g)` elementwise over the input, the output and the output gradient: the shape of most
    /// unary backward passes.
    @inline(__always)
    static func zipMap3(_ x: Tensor, _ y: Tensor, _ g: Tensor, _ f: (Float, Float, Float) -> Float) -> Tensor {
        let out = Tensor.uninitialized(x.shape), po = out.storage.base
        let px = x.storage.base, py = y.storage.base, pg = g.storage.base
        for i in 0..<x.count { po[i] = f(px[i], py[i], pg[i]) }
        return out
    }

    /// eˣ. dy/dx = y.
    public func exp() -> Tensor {
        let out = Tensor.uninitialized(shape)
        VectorMath.map(storage.base, out.storage.base, count: count, VectorMath.exp)
        return Tensor.record(out, op: "exp", inputs: [self]) { g, y in [g * y] }
    }

    /// Natural logarithm. dy/dx = 1/x.
    public func log() -> Tensor {
        Tensor.record(map { Foundation.log($0) }, op: "log", inputs: [self]) { g, _ in [g / self] }
    }

    /// tanh x. dy/dx = 1 − y².
    public func tanh() -> Tensor {
        Tensor.record(map { Foundation.tanh($0) }, op: "tanh", inputs: [self]) { g, y in
            [Tensor.zipMap3(self, y, g) { _, y, g in g * (1 - y * y) }]
        }
    }

    /// σ(x) = 1 / (1 + e⁻ˣ), computed without overflow for large |x|. dy/dx = y(1 − y).
    public func sigmoid() -> Tensor {
        let out = Tensor.uninitialized(shape)
        VectorMath.map(storage.base, out.storage.base, count: count, VectorMath.sigmoid)
        return Tensor.record(out, op: "sigmoid", inputs: [self]) { g, y in
            [Tensor.zipMap3(self, y, g) { _, y, g in g * y * (1 - y) }]
        }
    }

    /// SiLU (swish): x·σ(x). dy/dx = σ(x)(1 + x(1 − σ(x))).
    ///
    /// ### References
    /// Elfwing et al., "Sigmoid-Weighted Linear Units", arXiv 1702.03118.
    public func silu() -> Tensor {
        let out = Tensor.uninitialized(shape)
        VectorMath.map(storage.base, out.storage.base, count: count) { $0 * VectorMath.sigmoid($0) }
        return Tensor.record(out, op: "silu", inputs: [self]) { g, _ in
            let gx = Tensor.uninitialized(self.shape)
            VectorMath.map2(self.storage.base, g.storage.base, gx.storage.base, count: self.count) { x, g in
                let s = VectorMath.sigmoid(x)
                return g * s * (1 + x * (1 - s))
            }
            return [gx]
        }
    }

    /// max(x, 0). dy/dx = 1 where x > 0, else 0.
    public func relu() -> Tensor {
        Tensor.record(map { Swift.max($0, 0) }, op: "relu", inputs: [self]) { g, y in
            [Tensor.zipMap3(self, y, g) { x, _, g in x > 0 ? g : 0 }]
        }
    }

    /// √x. dy/dx = 1/(2y).
    public func sqrt() -> Tensor {
        Tensor.record(map { $0.squareRoot() }, op: "sqrt", inputs: [self]) { g, y in
            [Tensor.zipMap3(self, y, g) { _, y, g in g / (2 * y) }]
        }
    }

    /// xᵖ for a constant exponent p. dy/dx = p·xᵖ⁻¹.
    public func pow(_ p: Float) -> Tensor {
        Tensor.record(map { Foundation.pow($0, p) }, op: "pow", inputs: [self]) { g, y in
            [Tensor.zipMap3(self, y, g) { x, _, g in g * p * Foundation.pow(x, p - 1) }]
        }
    }

    /// x². dy/dx = 2x.
    public func square() -> Tensor {
        Tensor.record(map { $0 * $0 }, op: "square", inputs: [self]) { g, y in
            [Tensor.zipMap3(self, y, g) { x, _, g in 2 * x * g }]
        }
    }
}
