// Forward values against straightforward reference computations (loops in Double, or compositions of
// simpler ops), on odd shapes.

import XCTest
@testable import ProRankKit

final class ReferenceValueTests: XCTestCase {
    /// Naive op(A)·op(B) in Double over 2-D slices.
    private func naiveMatmul(_ a: Tensor, _ b: Tensor, _ ta: Bool, _ tb: Bool) -> [Float] {
        let (ar, ac, br, bc) = (a.shape[0], a.shape[1], b.shape[0], b.shape[1])
        let (m, k) = ta ? (ac, ar) : (ar, ac)
        let n = tb ? br : bc
        let x = a.scalars, y = b.scalars
        var out = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var s: Double = 0
                for p in 0..<k {
                    let av = ta ? x[p * ac + i] : x[i * ac + p], bv = tb ? y[j * bc + p] : y[p * bc + j]
                    s += Double(av) * Double(bv)
                }
                out[i * n + j] = Float(s)
            }
        }
        return out
    }

    func testMatmulMatchesNaiveProduct() {
        var r = TestInputs(seed: 60)
        for (m, k, n) in [(1, 1, 1), (3, 17, 5), (33, 65, 7), (4, 19, 33), (64, 70, 300), (r.dim(20...70), r.dim(20...70), r.dim(20...70))] {
            for ta in [false, true] {
                for tb in [false, true] {
                    let a = Tensor.normal(ta ? [k, m] : [m, k], rng: &r.rng), b = Tensor.normal(tb ? [n, k] : [k, n], rng: &r.rng)
                    assertClose(a.matmul(b, transposeA: ta, transposeB: tb).scalars, naiveMatmul(a, b, ta, tb), tolerance: 1e-4 * Float(k))
                }
            }
        }
    }

    func testBatchedMatmulMatchesPerBatchProducts() {
        var r = TestInputs(seed: 61)
        let a = Tensor.normal([3, 5, 6], rng: &r.rng), b = Tensor.normal([3, 6, 4], rng: &r.rng), w = Tensor.normal([4, 6], rng: &r.rng)
        let c = a.matmul(b), cw = a.matmul(w, transposeB: true)
        for i in 0..<3 {
            let ai = a.sliced(axis: 0, i..<(i + 1)).reshaped([5, 6]), bi = b.sliced(axis: 0, i..<(i + 1)).reshaped([6, 4])
            assertClose(c.sliced(axis: 0, i..<(i + 1)).scalars, naiveMatmul(ai, bi, false, false), tolerance: 1e-4)
            assertClose(cw.sliced(axis: 0, i..<(i + 1)).scalars, naiveMatmul(ai, w, false, true), tolerance: 1e-4)
        }
    }

    func testBroadcastingFollowsNumPyRules() {
        let a = Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual((a + Tensor(shape: [3], data: [10, 20, 30])).scalars, [11, 22, 33, 14, 25, 36])
        XCTAssertEqual((a * Tensor(shape: [2, 1], data: [2, 3])).scalars, [2, 4, 6, 12, 15, 18])
        let outer = Tensor(shape: [2, 1], data: [1, 2]) - Tensor(shape: [1, 3], data: [1, 2, 3])
        XCTAssertEqual(outer.shape, [2, 3])
        XCTAssertEqual(outer.scalars, [0, -1, -2, 1, 0, -1])
        XCTAssertEqual((a / Tensor(2)).scalars, [0.5, 1, 1.5, 2, 2.5, 3])
        XCTAssertEqual(Tensor(shape: [3, 1, 2], data: Array(repeating: 1, count: 6)).expanded(to: [2, 3, 4, 2]).shape, [2, 3, 4, 2])
    }

    func testReductionsAndShapeOps() {
        let x = Tensor(shape: [2, 3], data: [1, 5, 3, 4, 2, 6])
        XCTAssertEqual(x.sum(axis: 0).scalars, [5, 7, 9])
        XCTAssertEqual(x.sum(axis: 1, keepDims: true).shape, [2, 1])
        XCTAssertEqual(x.mean(axis: 1).scalars, [3, 4])
        XCTAssertEqual(x.max(axis: 1).scalars, [5, 6])
        XCTAssertEqual(x.max(axis: 0).scalars, [4, 5, 6])
        XCTAssertEqual(x.sum().item, 21)
        XCTAssertEqual(x.transposed().scalars, [1, 4, 5, 2, 3, 6])
        XCTAssertEqual(x.sliced(axis: 1, 1..<3).scalars, [5, 3, 2, 6])
        XCTAssertEqual(Tensor.concat([x, x.sliced(axis: 1, 0..<1)], axis: 1).scalars, [1, 5, 3, 1, 4, 2, 6, 4])
        XCTAssertEqual(x.gatherRows([1, 0, 1]).scalars, [4, 2, 6, 1, 5, 3, 4, 2, 6])
        XCTAssertEqual(x.indexSelect(axis: 1, [2, 0]).scalars, [3, 1, 6, 4])
        let p = Tensor(shape: [2, 3, 4], data: (0..<24).map(Float.init)).permuted([2, 0, 1])
        XCTAssertEqual(p.shape, [4, 2, 3])
        XCTAssertEqual(p[3, 1, 2], 23)
        XCTAssertEqual(p[1, 0, 2], 9)
        XCTAssertEqual(x.reshaped([3, -1]).shape, [3, 2])
    }

    func testSoftmaxIsStableForLargeInputsAndMasks() {
        let x = Tensor(shape: [3, 3], data: [1000, 1001, 1002, -.infinity, 0, -.infinity, -.infinity, -.infinity, -.infinity])
        let y = x.softmax().scalars
        let e = [Foundation.exp(-2.0), Foundation.exp(-1.0), 1.0], s = e.reduce(0, +)
        assertClose(Array(y[0..<3]), e.map { Float($0 / s) }, tolerance: 1e-6)
        XCTAssertEqual(Array(y[3..<6]), [0, 1, 0])
        XCTAssertEqual(Array(y[6..<9]), [0, 0, 0], "an all −∞ row gives zeros, not NaN")
        let l = x.logSoftmax().scalars
        assertClose(Array(l[0..<3]), e.map { Float(Foundation.log($0 / s)) }, tolerance: 1e-5)
        XCTAssertEqual(l[4], 0)
        XCTAssertEqual(l[3], -.infinity)
    }

    func testRMSNormMatchesComposition() {
        var r = TestInputs(seed: 62)
        let x = Tensor.normal([3, 4, 13], rng: &r.rng), w = Tensor.normal([13], rng: &r.rng)
        let reference = x / ((x * x).mean(axis: -1, keepDims: true) + 1e-6).sqrt() * w
        assertClose(x.rmsNorm(weight: w, eps: 1e-6), reference, tolerance: 1e-5)
    }

    func testRoPEMatchesRotateHalfFormula() {
        var r = TestInputs(seed: 63)
        let (b, t, h, d) = (2, 5, 3, 8)
        let x = Tensor.normal([b, t, h, d], rng: &r.rng)
        let positions = [3, 4, 5, 6, 7], theta: Double = 10_000
        let y = x.rope(positions: positions, theta: Float(theta))
        for bi in 0..<b { for ti in 0..<t { for hi in 0..<h { for i in 0..<(d / 2) {
            let a = Double(positions[ti]) / Foundation.pow(theta, Double(2 * i) / Double(d))
            let x1 = Double(x[bi, ti, hi, i]), x2 = Double(x[bi, ti, hi, i + d / 2])
            XCTAssertEqual(Double(y[bi, ti, hi, i]), x1 * Foundation.cos(a) - x2 * Foundation.sin(a), accuracy: 1e-5)
            XCTAssertEqual(Double(y[bi, ti, hi, i + d / 2]), x2 * Foundation.cos(a) + x1 * Foundation.sin(a), accuracy: 1e-5)
        } } } }
    }

    /// Attention written with general ops: repeat KV heads, permute to [B, H, T, D], masked softmax.
    private func referenceAttention(_ q: Tensor, _ k: Tensor, _ v: Tensor, prefix: (Tensor, Tensor)?) -> Tensor {
        let (b, t, hq, d) = (q.shape[0], q.shape[1], q.shape[2], q.shape[3])
        let hkv = k.shape[2], group = hq / hkv
        var keys = k, values = v, p = 0
        if let (pk, pv) = prefix {
            p = pk.shape[1]
            keys = Tensor.concat([pk.expanded(to: [b, p, hkv, d]), k], axis: 1)
            values = Tensor.concat([pv.expanded(to: [b, p, hkv, d]), v], axis: 1)
        }
        let heads = (0..<hq).map { $0 / group }
        let kh = keys.indexSelect(axis: 2, heads).permuted([0, 2, 1, 3])     // [B, Hq, L, D]
        let vh = values.indexSelect(axis: 2, heads).permuted([0, 2, 1, 3])
        let qh = q.permuted([0, 2, 1, 3])                                   // [B, Hq, T, D]
        var mask = [Float](repeating: 0, count: t * (p + t))
        for i in 0..<t { for j in (i + 1)..<max(t, i + 1) { mask[i * (p + t) + p + j] = -.infinity } }
        let scores = qh.matmul(kh, transposeB: true) / Float(d).squareRoot() + Tensor(shape: [t, p + t], data: mask)
        return scores.softmax().matmul(vh).permuted([0, 2, 1, 3])
    }

    func testAttentionMatchesComposition() {
        var r = TestInputs(seed: 64)
        let (b, t, hkv, d, p) = (2, 6, 2, 5, 4)
        let hq = 3 * hkv
        let q = Tensor.normal([b, t, hq, d], rng: &r.rng), k = Tensor.normal([b, t, hkv, d], rng: &r.rng), v = Tensor.normal([b, t, hkv, d], rng: &r.rng)
        assertClose(Tensor.attention(q: q, k: k, v: v), referenceAttention(q, k, v, prefix: nil), tolerance: 1e-5)
        let pk = Tensor.normal([1, p, hkv, d], rng: &r.rng), pv = Tensor.normal([1, p, hkv, d], rng: &r.rng)
        assertClose(Tensor.attention(q: q, k: k, v: v, prefixK: pk, prefixV: pv), referenceAttention(q, k, v, prefix: (pk, pv)), tolerance: 1e-5)
    }

    func testAttentionAcrossSeveralQueryBlocksMatchesComposition() {
        // T spans three query blocks of the kernel, with a prefix and GQA.
        var r = TestInputs(seed: 68)
        let (b, t, hkv, d, p) = (2, 2 * AttentionGeometry.queryBlock + 9, 1, 3, 5)
        let q = Tensor.normal([b, t, 2, d], rng: &r.rng), k = Tensor.normal([b, t, hkv, d], rng: &r.rng), v = Tensor.normal([b, t, hkv, d], rng: &r.rng)
        let pk = Tensor.normal([b, p, hkv, d], rng: &r.rng), pv = Tensor.normal([b, p, hkv, d], rng: &r.rng)
        assertClose(Tensor.attention(q: q, k: k, v: v, prefixK: pk, prefixV: pv), referenceAttention(q, k, v, prefix: (pk, pv)), tolerance: 1e-5)
    }

    func testLeftPaddedRowEqualsUnpaddedRow() {
        // A row with `pad` leading padding positions gives, at its real positions, what the unpadded row gives.
        var r = TestInputs(seed: 67)
        let (t, pad, h, d) = (5, 3, 2, 4)
        let q = Tensor.normal([1, t, h, d], rng: &r.rng), k = Tensor.normal([1, t, h, d], rng: &r.rng), v = Tensor.normal([1, t, h, d], rng: &r.rng)
        let junk = { (x: Tensor) in Tensor.concat([Tensor.full([1, pad, h, d], 9), x], axis: 1) }
        let padded = Tensor.attention(q: junk(q), k: junk(k), v: junk(v), leftPadding: [pad]).sliced(axis: 1, pad..<(pad + t))
        assertClose(padded, Tensor.attention(q: q, k: k, v: v), tolerance: 1e-5)
        let allPadding = Tensor.attention(q: junk(q), k: junk(k), v: junk(v), leftPadding: [pad]).sliced(axis: 1, 0..<pad)
        XCTAssertTrue(allPadding.scalars.allSatisfy { $0 == 0 }, "query rows that see only padding give zeros, not NaN")
    }

    func testKVPrefixEqualsFullCausalPass() {
        // Attending with a cached prefix gives the last rows of the full causal pass.
        var r = TestInputs(seed: 65)
        let (t, p, h, d) = (3, 5, 2, 4)
        let q = Tensor.normal([1, p + t, h, d], rng: &r.rng), k = Tensor.normal([1, p + t, h, d], rng: &r.rng), v = Tensor.normal([1, p + t, h, d], rng: &r.rng)
        let full = Tensor.attention(q: q, k: k, v: v).sliced(axis: 1, p..<(p + t))
        let tail = { (x: Tensor) in x.sliced(axis: 1, p..<(p + t)) }, head = { (x: Tensor) in x.sliced(axis: 1, 0..<p) }
        let cached = Tensor.attention(q: tail(q), k: tail(k), v: tail(v), prefixK: head(k), prefixV: head(v))
        assertClose(cached, full, tolerance: 1e-5)
    }

    func testCrossEntropyMatchesLogSoftmaxPick() {
        var r = TestInputs(seed: 66)
        let logits = Tensor.normal([5, 11], std: 3, rng: &r.rng)
        let targets = [3, 0, 10, 7, 7], mask = [true, false, true, true, false]
        let lsm = logits.logSoftmax()
        let expected = -(lsm[0, 3] + lsm[2, 10] + lsm[3, 7]) / 3
        XCTAssertEqual(logits.crossEntropy(targets: targets, mask: mask).item, expected, accuracy: 1e-5)
        XCTAssertEqual(logits.crossEntropy(targets: [-100, -100, -100, -100, -100]).item, 0)
    }
}

import Foundation
