// SHA-256 against the FIPS 180-2 example digests, messages around the padding boundaries, and the whole-file
// digests recorded for the fixture GGUF files (see GGUFReferenceTests.testWholeFileSHA256).

import Foundation
import XCTest
@testable import ProRankKit

final class SHA256Tests: XCTestCase {
    func testStandardVectors() {
        XCTAssertEqual(SHA256.hash(Data()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hash(Data("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hash(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hash(Data(repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Lengths 55, 56 and 64 change how many padding blocks are needed; hashing a prefix must not depend on
    /// what follows it in memory.
    func testPaddingBoundaries() {
        let message = (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var digests = Set<String>()
        for n in [55, 56, 57, 63, 64, 65, 119, 120, 128] {
            let direct = SHA256.hash(Data(message.prefix(n)))
            let viaPointer = message.withUnsafeBytes { SHA256.hash(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            XCTAssertEqual(direct, viaPointer, "length \(n)")
            XCTAssertEqual(direct.count, 64)
            digests.insert(direct)
        }
        XCTAssertEqual(digests.count, 9)
        // 64 × "a": a one-block message whose padding needs a second block.
        XCTAssertEqual(SHA256.hash(Data(repeating: UInt8(ascii: "a"), count: 64)),
                       "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }
}
