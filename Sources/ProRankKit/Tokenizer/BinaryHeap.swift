// A binary min-heap kept in an array, ordered by a caller's "comes first" relation. Used by the BPE merge loop
// (pairs by rank) and the BPE trainer (pairs by count).

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
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < count, precedes(self[l], self[m]) { m = l }
            if r < count, precedes(self[r], self[m]) { m = r }
            if m == i { break }
            swapAt(i, m)
            i = m
        }
        return top
    }
}
