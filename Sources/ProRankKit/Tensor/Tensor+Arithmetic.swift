// Elementwise add, sub, mul, div with broadcasting, and scalar forms; each with its backward.
//
// Broadcasting follows NumPy: shapes align at the last axis, a dimension of 1 (or a missing leading one) is
// repeated to match. The gradient of a broadcast operand is the output gradient summed over the repeated axes.

extension Tensor {
    /// `a + b` (broadcasting). ∂/∂a = g, ∂/∂b = g, each summed to its operand's shape.
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        let out = broadcastMap(a, b, op: "add") { $0 + $1 }
        return record(out, op: "add", inputs: [a, b]) { g, _ in
            [a.tracksGrad ? g.sumToShape(a.shape) : nil, b.tracksGrad ? g.sumToShape(b.shape) : nil]
        }
    }

    /// `a - b` (broadcasting). ∂/∂a = g, ∂/∂b = −g.
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        let out = broadcastMap(a, b, op: "sub") { $0 - $1 }
        return record(out, op: "sub", inputs: [a, b]) { g, _ in
            [a.tracksGrad ? g.sumToShape(a.shape) : nil, b.tracksGrad ? g.scaled(-1).sumToShape(b.shape) : nil]
        }
    }

    /// `a * b` elementwise (broadcasting). ∂/∂a = g·b, ∂/∂b = g·a.
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        let out = broadcastMap(a, b, op: "mul") { $0 * $1 }
        return record(out, op: "mul", inputs: [a, b]) { g, _ in
            [a.tracksGrad ? (g * b).sumToShape(a.shape) : nil, b.tracksGrad ? (g * a).sumToShape(b.shape) : nil]
        }
    }

    /// `a / b` elementwise (broadcasting). ∂/∂a = g/b, ∂/∂b = −g·a/b².
    public static func / (a: Tensor, b: Tensor) -> Tensor {
        let out = broadcastMap(a, b, op: "div") { $0 / $1 }
        return record(out, op: "div", inputs: [a, b]) { g, y in
            [a.tracksGrad ? (g / b).sumToShape(a.shape) : nil,
             b.tracksGrad ? (g * y / b).scaled(-1).sumToShape(b.shape) : nil]
        }
    }

    /// `s · x`. ∂/∂x = s·g.
    public func scaled(_ s: Float) -> Tensor {
        let out = Tensor.uninitialized(shape), po = out.storage.base, px = storage.base
        for i in 0..<count { po[i] = s * px[i] }
        return Tensor.record(out, op: "scale", inputs: [self]) { g, _ in [g.scaled(s)] }
    }

    /// `x + s`. ∂/∂x = g.
    public func shifted(_ s: Float) -> Tensor {
        let out = Tensor.uninitialized(shape), po = out.storage.base, px = storage.base
        for i in 0..<count { po[i] = px[i] + s }
        return Tensor.record(out, op: "shift", inputs: [self]) { g, _ in [g] }
    }

    public static func * (x: Tensor, s: Float) -> Tensor { x.scaled(s) }
    public static func * (s: Float, x: Tensor) -> Tensor { x.scaled(s) }
    public static func / (x: Tensor, s: Float) -> Tensor { x.scaled(1 / s) }
    public static func + (x: Tensor, s: Float) -> Tensor { x.shifted(s) }
    public static func - (x: Tensor, s: Float) -> Tensor { x.shifted(-s) }
    public static prefix func - (x: Tensor) -> Tensor { x.scaled(-1) }
}
