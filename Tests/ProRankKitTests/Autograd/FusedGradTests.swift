// Finite-difference checks of the fused model ops: RMSNorm, RoPE, attention (GQA, KV prefix), cross-entropy.

import XCTest
@testable import ProRankKit

final class FusedGradTests: XCTestCase {
    func testRMSNorm() {
        var r = TestInputs(seed: 40)
        let c = r.dim(5...13)
        let x = r.param([r.dim(), r.dim(), c]), w = r.param([c])
        assertGradientsMatch([x, w]) { $0[0].rmsNorm(weight: $0[1], eps: 1e-5) }
    }

    func testRoPE() {
        var r = TestInputs(seed: 41)
        let (b, t, h, d) = (r.dim(1...2), r.dim(), r.dim(1...3), 2 * r.dim(1...5))
        let x = r.param([b, t, h, d])
        assertGradientsMatch([x]) { $0[0].rope(positions: Array(0..<t), theta: 10_000) }
        assertGradientsMatch([x]) { $0[0].rope(positions: (0..<t).map { 17 + 3 * $0 }, theta: 1_000_000) }
    }

    func testAttentionGroupedQueryCausal() {
        var r = TestInputs(seed: 42)
        let (b, t, hkv, d) = (r.dim(1...2), r.dim(2...5), r.dim(1...2), r.dim(3...6))
        let hq = hkv * r.dim(1...3)
        let q = r.param([b, t, hq, d]), k = r.param([b, t, hkv, d]), v = r.param([b, t, hkv, d])
        assertGradientsMatch([q, k, v]) { Tensor.attention(q: $0[0], k: $0[1], v: $0[2]) }
        assertGradientsMatch([q, k, v]) { Tensor.attention(q: $0[0], k: $0[1], v: $0[2], causal: false, scale: 0.7) }
    }

    func testAttentionWithKVPrefix() {
        var r = TestInputs(seed: 43)
        let (b, t, p, hkv, d) = (2, r.dim(1...4), r.dim(1...5), r.dim(1...2), r.dim(3...5))
        let hq = 2 * hkv
        let q = r.param([b, t, hq, d]), k = r.param([b, t, hkv, d]), v = r.param([b, t, hkv, d])
        let pk = r.param([b, p, hkv, d]), pv = r.param([b, p, hkv, d])
        assertGradientsMatch([q, k, v, pk, pv]) { Tensor.attention(q: $0[0], k: $0[1], v: $0[2], prefixK: $0[3], prefixV: $0[4]) }
        // One prefix shared by both rows (a prompt with several continuations).
        let spk = r.param([1, p, hkv, d]), spv = r.param([1, p, hkv, d])
        assertGradientsMatch([q, k, v, spk, spv]) { Tensor.attention(q: $0[0], k: $0[1], v: $0[2], prefixK: $0[3], prefixV: $0[4]) }
    }

    func testAttentionAcrossQueryBlocks() {
        var r = TestInputs(seed: 46)
        let t = AttentionGeometry.queryBlock + 3
        let q = r.param([1, t, 2, 2]), k = r.param([1, t, 1, 2]), v = r.param([1, t, 1, 2])
        let pk = r.param([1, 2, 1, 2]), pv = r.param([1, 2, 1, 2])
        assertGradientsMatch([q, k, v, pk, pv]) { Tensor.attention(q: $0[0], k: $0[1], v: $0[2], prefixK: $0[3], prefixV: $0[4]) }
    }

    func testAttentionWithLeftPadding() {
        var r = TestInputs(seed: 45)
        let (t, p, hkv, d) = (r.dim(3...5), r.dim(1...3), 1, r.dim(3...5))
        let q = r.param([2, t, 2, d]), k = r.param([2, t, hkv, d]), v = r.param([2, t, hkv, d])
        let pk = r.param([2, p, hkv, d]), pv = r.param([2, p, hkv, d])
        // Row 0 pads part of its prefix, row 1 pads the prefix and the first new position.
        let padding = [p - 1, p + 1]
        assertGradientsMatch([q, k, v, pk, pv]) {
            Tensor.attention(q: $0[0], k: $0[1], v: $0[2], prefixK: $0[3], prefixV: $0[4], leftPadding: padding)
        }
    }

    func testCrossEntropyWithMask() {
        var r = TestInputs(seed: 44)
        let (n, v) = (r.dim(4...8), r.dim(5...17))
        let logits = r.param([n, v], std: 2)
        let targets = r.ints(n, below: v)
        assertGradientsMatch([logits]) { $0[0].crossEntropy(targets: targets) }
        let mask = (0..<n).map { $0 % 3 != 1 }
        assertGradientsMatch([logits]) { $0[0].crossEntropy(targets: targets, mask: mask) }
        var ignored = targets
        ignored[0] = -100
        assertGradientsMatch([logits]) { $0[0].crossEntropy(targets: ignored) }
    }
}
