// The BPE merge procedure and the word cache: the linear-scan and heap merges agree on every word, the cache
// returns what it stored and empties itself when full, and a tokenizer shared between threads stays correct.

import Foundation
import XCTest
@testable import ProRankKit

final class BPEModelTests: XCTestCase {
    private func encodeWord(_ model: BPEModel, _ word: [UInt8], heapThreshold: Int) -> [Int32] {
        var out: [Int32] = [], scratch = BPEModel.Scratch()
        word.withUnsafeBufferPointer { model.encodeWord($0.baseAddress!, word.count, into: &out, scratch: &scratch, heapThreshold: heapThreshold) }
        return out
    }

    /// Both merge procedures pick the lowest-rank pair, leftmost first, so they give the same ids on any word,
    /// including the long repetitive ones where ties between equal pairs decide the result.
    func testHeapAndScanMergesAgree() throws {
        let tokenizer = try TokenizerFixtures.tokenizer("gpt2")
        let model = tokenizer.model
        var rng = SeededRNG(seed: 5)
        var words: [[UInt8]] = ["aaaaaaaaaaaaaaaaaaaaaaa", "abababababababababab", "   \t\t   ", "internationalization",
                                "ааааааааа", "🙂🙂🙂🙂"].map { Array($0.utf8) }
        for _ in 0..<300 {
            let alphabet = Array("etaoinshrdlu ETAO0123456789éüñ中文".utf8)
            words.append((0..<(1 + Int(rng.next() % 60))).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
        }
        for word in words {
            let scan = encodeWord(model, word, heapThreshold: Int.max)
            let heap = encodeWord(model, word, heapThreshold: 0)
            XCTAssertEqual(scan, heap, "word \(String(decoding: word, as: UTF8.self).debugDescription)")
            let spelled = scan.flatMap { ByteLevel.decode(tokenizer.token(of: Int($0)) ?? "") ?? [] }
            XCTAssertEqual(spelled, word, "the ids do not spell the word")
        }
    }

    func testWordCacheStoresAndEmptiesWhenFull() {
        var cache = WordCache(maxEntries: 100)
        var out: [Int32] = []
        // Short and long keys (inline and arena storage), one id and several (inline and arena values), and keys
        // that share their first 16 bytes.
        let prefix = "0123456789abcdef"
        for k in 0..<250 {
            let word = Array((k % 3 == 0 ? prefix + "tail\(k)" : "word\(k)").utf8)
            let ids: [Int32] = k % 2 == 0 ? [Int32(k)] : [Int32(k), Int32(k + 1), -5]
            word.withUnsafeBufferPointer { p in
                let key = WordCache.key(p.baseAddress!, word.count)
                XCTAssertFalse(cache.appendCached(p.baseAddress!, word.count, key: key, to: &out))
                cache.insert(p.baseAddress!, word.count, key: key, ids: ids[...])
                out.removeAll()
                XCTAssertTrue(cache.appendCached(p.baseAddress!, word.count, key: key, to: &out))
                XCTAssertEqual(out, ids)
                out.removeAll()
            }
            XCTAssertLessThanOrEqual(cache.count, 100)
        }
        // After the last clear, the latest words are still there with their own ids.
        for k in 240..<250 {
            let word = Array((k % 3 == 0 ? prefix + "tail\(k)" : "word\(k)").utf8)
            word.withUnsafeBufferPointer { p in
                XCTAssertTrue(cache.appendCached(p.baseAddress!, word.count, key: WordCache.key(p.baseAddress!, word.count), to: &out))
            }
            XCTAssertEqual(out.first, Int32(k))
            out.removeAll()
        }
    }

    /// Long pieces bypass the cache and still encode like short ones.
    func testLongWordsAreEncodedWithoutCache() throws {
        let tokenizer = try TokenizerFixtures.tokenizer("smollm2")
        let long = String(repeating: "abc", count: Tokenizer.maxCachedWordBytes)
        let ids = tokenizer.encode(long)
        XCTAssertEqual(try tokenizer.decode(ids), long)
        XCTAssertEqual(tokenizer.encode(long), ids)
    }

    /// One tokenizer used from several threads at once gives the same ids as used from one.
    func testConcurrentEncodingIsConsistent() throws {
        let tokenizer = try TokenizerFixtures.tokenizer("smollm2")
        let texts = HFCrossCheckTests.randomTexts(count: 64, seed: 21)
        let expected = texts.map { tokenizer.encode($0) }
        let results = ResultBox(count: texts.count)
        DispatchQueue.concurrentPerform(iterations: texts.count * 4) { k in
            let i = k % texts.count
            results.set(i, tokenizer.encode(texts[i]) == expected[i])
        }
        XCTAssertTrue(results.all, "some concurrent encodings differ")
    }
}

/// Thread-safe collection of per-index results.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var ok: [Bool]
    init(count: Int) { ok = [Bool](repeating: true, count: count) }
    func set(_ i: Int, _ value: Bool) { lock.lock(); ok[i] = ok[i] && value; lock.unlock() }
    var all: Bool { lock.lock(); defer { lock.unlock() }; return !ok.contains(false) }
}
