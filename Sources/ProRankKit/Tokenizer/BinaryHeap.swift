// A binary min-heap kept in an array, ordered by a caller's "comes first" relation. Used by the BPE merge loop
// (pairs by rank), the BPE trainer (pairs by count) and BM25's top-k selection (the worst of the k best first).

extension Array {
    /// Adds `element` to the heap whose first element is the one that `precedes` all others.
    @inline(__always)
    mutating func heapPush(_ element: Element, by precedes: (Element, Element) -> Bool) {
        append(element)
        var i = count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard precedes(self[i], self[parent]) else { break }
            swapAt(i, parent)
            i = parent
        }
    }

    /// Removes and returns the element that comes first, or nil when the heap is empty.
    @inline(__always)
    mutating func heapPop(by precedes: (Element, Element) -> Bool) -> Element? {
        guard let last = popLast() else { return nil }
        guard !isEmpty else { return last }
        let top = self[0]
        self[0] = last
        heapSiftDown(from: 0, by: precedes)
        return top
    }

    /// Restores the heap below `start` after its element changed to one that may come later (e.g. a replaced root).
    @inline(__always)
    mutating func heapSiftDown(from start: Int, by precedes: (Element, Element) -> Bool) {
        var i = start
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < count, precedes(self[l], self[m]) { m = l }
            if r < count, precedes(self[r], self[m]) { m = r }
            if m == i { return }
            swapAt(i, m)
            i = m
        }
    }

    /// Turns the array into a heap in O(n) (Floyd's bottom-up construction).
    mutating func heapify(by precedes: (Element, Element) -> Bool) {
        for i in stride(from: count / 2 - 1, through: 0, by: -1) { heapSiftDown(from: i, by: precedes) }
    }
}
