// Shape helpers: broadcasting rules, strides, -1 resolution (Swift Testing, parameterised).

import Testing
@testable import ProRankKit

struct ShapeTests {
    @Test("NumPy broadcasting", arguments: [
        ([2, 3], [3], [2, 3]),
        ([3], [2, 3], [2, 3]),
        ([2, 1], [1, 5], [2, 5]),
        ([4, 1, 3], [2, 1], [4, 2, 3]),
        ([], [7, 2], [7, 2]),
        ([1], [1], [1]),
    ])
    func broadcast(_ a: [Int], _ b: [Int], _ expected: [Int]) {
        #expect(Shape.broadcast(a, b, op: "test") == expected)
    }

    @Test func broadcastStridesAreZeroOnRepeatedAxes() {
        #expect(Shape.broadcastStrides([3, 1], to: [2, 3, 4]) == [0, 1, 0])
        #expect(Shape.broadcastStrides([2, 3, 4], to: [2, 3, 4]) == [12, 4, 1])
        #expect(Shape.broadcastStrides([], to: [5]) == [0])
    }

    @Test func rowMajorStridesAndCounts() {
        #expect([2, 3, 4].rowMajorStrides == [12, 4, 1])
        #expect([2, 3, 4].elementCount == 24)
        #expect([Int]().elementCount == 1)
        #expect([5, 0].elementCount == 0)
    }

    @Test func reshapeResolvesOneHole() {
        #expect(Shape.resolve([-1, 4], count: 12, op: "test") == [3, 4])
        #expect(Shape.resolve([2, -1, 3], count: 30, op: "test") == [2, 5, 3])
        #expect(Shape.resolve([6], count: 6, op: "test") == [6])
    }

    @Test("negative axes count from the end", arguments: [(-1, 3, 2), (0, 3, 0), (-3, 3, 0), (2, 3, 2)])
    func axis(_ axis: Int, _ rank: Int, _ expected: Int) {
        #expect(Shape.axis(axis, rank: rank, op: "test") == expected)
    }
}
