// A cache of large tensor buffers. Model steps allocate the same large sizes again and again (activations,
// logits, gradients); fresh large allocations come from mmap and pay a page fault and a page clear per 4 KB on
// first touch (≈ 12 % of a tiny-model forward pass). Freed buffers are kept here, keyed by size, and reused.

import Foundation

/// Process-wide pool of 64-byte-aligned buffers of at least `minimumBytes`, holding at most `limitBytes` of
/// free buffers (`PRORANK_POOL_MB`, default 1024). Small buffers go straight to the system allocator.
final class BufferPool: @unchecked Sendable {
    static let shared = BufferPool(
        limitBytes: (ProcessInfo.processInfo.environment["PRORANK_POOL_MB"].flatMap(Int.init) ?? 1024) << 20)

    /// Buffers smaller than this are not pooled (the allocator's own free lists serve them well).
    static let minimumBytes = 256 << 10
    static let alignment = 64

    private let lock = NSLock()
    private var free: [Int: [UnsafeMutableRawPointer]] = [:]
    private var cachedBytes = 0
    /// Pooled-size requests served from the cache / by the system allocator (for tuning and tests).
    private(set) var hits = 0, misses = 0
    let limitBytes: Int

    init(limitBytes: Int) { self.limitBytes = limitBytes }

    /// Sizes are rounded up to whole pages so that nearby sizes share buffers.
    static func roundedSize(_ bytes: Int) -> Int { bytes < minimumBytes ? bytes : (bytes + 4095) & ~4095 }

    func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        let size = BufferPool.roundedSize(byteCount)
        if size >= BufferPool.minimumBytes {
            lock.lock()
            let reused = free[size]?.popLast()
            if reused != nil { cachedBytes -= size; hits += 1 } else { misses += 1 }
            lock.unlock()
            if let reused { return reused }
        }
        return UnsafeMutableRawPointer.allocate(byteCount: size, alignment: BufferPool.alignment)
    }

    func release(_ pointer: UnsafeMutableRawPointer, byteCount: Int) {
        let size = BufferPool.roundedSize(byteCount)
        guard size >= BufferPool.minimumBytes, size <= limitBytes else { pointer.deallocate(); return }
        lock.lock()
        if cachedBytes + size > limitBytes { evictAll() }
        free[size, default: []].append(pointer)
        cachedBytes += size
        lock.unlock()
    }

    /// Returns every cached buffer to the system (e.g. between phases that use different sizes).
    func drain() {
        lock.lock()
        evictAll()
        lock.unlock()
    }

    var cachedByteCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return cachedBytes
    }

    private func evictAll() {
        for pointers in free.values { for p in pointers { p.deallocate() } }
        free.removeAll(keepingCapacity: true)
        cachedBytes = 0
    }
}
