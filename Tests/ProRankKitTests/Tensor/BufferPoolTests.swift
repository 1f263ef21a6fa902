// The buffer pool: repeated steps of the same shapes are served from the cache.

import XCTest
@testable import ProRankKit

final class BufferPoolTests: XCTestCase {
    func testRepeatedTrainingStepsReuseBuffers() throws {
        var rng = SeededRNG(seed: 1)
        let config = DecoderConfig(family: .llama, vocabularySize: 512, hiddenSize: 64, intermediateSize: 96, layerCount: 2,
                                   headCount: 4, kvHeadCount: 2)
        let model = try DecoderLM(config: config, rng: &rng)
        let ids = [(0..<200).map { $0 % 512 }, (0..<200).map { ($0 * 7) % 512 }]
        let optimizer = AdamW(model.parameters.tensors)
        func step() {
            model.loss(ids).backward()
            optimizer.step()
            optimizer.zeroGrad()
        }
        step()
        step()
        let pool = BufferPool.shared
        let (hits, misses) = (pool.hits, pool.misses)
        step()
        XCTAssertGreaterThan(pool.hits - hits, 0)
        XCTAssertEqual(pool.misses - misses, 0, "a step after warm-up allocates no new large buffers")
    }
}
