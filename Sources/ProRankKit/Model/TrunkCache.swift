// The frozen trunk's output, computed once per prompt. With `Trainable.lastLayers(n)` the bottom L − n layers never
// change, so their output for a prompt is the same in every epoch and every evaluation — of the starting model, of
// the trained model, and of any other model trained from the same start with the same frozen layers. Caching it
// leaves only the top n layers to run.
//
// Entries stay in memory up to a byte limit; beyond it the least recently used ones are written to files in a
// spill folder (raw float32) and read back when asked for again.

import Foundation

/// Outputs of layers 0..<`layers` of `model` ([T, C] per prompt), by prompt ids.
public final class TrunkCache {
    /// The model whose bottom layers are cached (any model sharing those tensors can use the cache).
    public let model: DecoderLM
    public let layers: Int
    public let memoryLimit: Int
    public let spillDirectory: URL

    private struct Entry {
        var tensor: Tensor?   // nil when spilled
        var file: URL?
        var lastUse: Int
        let rows: Int
    }
    private var entries: [[Int]: Entry] = [:]
    private var clock = 0
    private var bytesInMemory = 0
    public private(set) var hits = 0
    public private(set) var misses = 0
    public private(set) var spilled = 0

    /// `memoryLimit` bytes of entries in memory (default 1 GiB); `spillDirectory` defaults to a fresh temporary folder,
    /// removed with the cache.
    public init(model: DecoderLM, layers: Int, memoryLimit: Int = 1 << 30, spillDirectory: URL? = nil) throws {
        guard layers >= 1, layers < model.config.layerCount else {
            throw TrainingError.invalidParameter("TrunkCache: layers must be 1…\(model.config.layerCount - 1), got \(layers)")
        }
        guard memoryLimit >= 0 else { throw TrainingError.invalidParameter("TrunkCache: memoryLimit must be ≥ 0") }
        (self.model, self.layers, self.memoryLimit) = (model, layers, memoryLimit)
        self.spillDirectory = spillDirectory ?? FileManager.default.temporaryDirectory.appendingPathComponent("prorank-trunk-\(UUID().uuidString)")
        ownsSpillDirectory = spillDirectory == nil
    }

    private let ownsSpillDirectory: Bool

    deinit {
        if ownsSpillDirectory { try? FileManager.default.removeItem(at: spillDirectory) }
    }

    /// Whether `other` computes exactly this cache's trunk: it shares the embedding and the tensors of every cached
    /// layer (the same objects, as `TrainingPolicy` arranges for frozen layers).
    public func serves(_ other: DecoderLM) -> Bool {
        guard other.config == model.config else { return false }
        let mine = model.parameters, theirs = other.parameters
        return mine.names.allSatisfy { name in
            let layer = DecoderLM.layerIndex(ofParameter: name)
            guard name == "model.embed_tokens.weight" || (layer.map { $0 < layers } ?? false) else { return true }
            return mine[name] === theirs[name]
        }
    }

    /// The trunk output [T, C] of each prompt (computed, and cached, where missing). No autodiff.
    public func outputs(_ prompts: [[Int]]) throws -> [Tensor] {
        try prompts.map { ids in
            clock += 1
            if var entry = entries[ids] {
                hits += 1
                entry.lastUse = clock
                if entry.tensor == nil, let file = entry.file {
                    let data = try Data(contentsOf: file)
                    let t = Tensor(shape: [entry.rows, model.config.hiddenSize], data: data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) })
                    entry.tensor = t
                    bytesInMemory += t.count * 4
                }
                entries[ids] = entry
                try evict(keeping: ids)
                return entry.tensor!
            }
            misses += 1
            let hidden = withoutGrad { model.runLayers(model.embed([ids]), 0..<layers).hidden }.reshaped([ids.count, model.config.hiddenSize])
            entries[ids] = Entry(tensor: hidden, file: nil, lastUse: clock, rows: ids.count)
            bytesInMemory += hidden.count * 4
            try evict(keeping: ids)
            return hidden
        }
    }

    /// Writes least recently used entries to disk until the in-memory bytes fit the limit.
    private func evict(keeping current: [Int]) throws {
        guard bytesInMemory > memoryLimit else { return }
        let candidates = entries.filter { $0.value.tensor != nil && $0.key != current }.sorted { $0.value.lastUse < $1.value.lastUse }
        for (key, var entry) in candidates {
            guard bytesInMemory > memoryLimit, let tensor = entry.tensor else { break }
            if entry.file == nil {
                try FileManager.default.createDirectory(at: spillDirectory, withIntermediateDirectories: true)
                let file = spillDirectory.appendingPathComponent("\(spilled).f32")
                try Data(buffer: UnsafeBufferPointer(tensor.storage.buffer)).write(to: file)
                entry.file = file
                spilled += 1
            }
            entry.tensor = nil
            bytesInMemory -= tensor.count * 4
            entries[key] = entry
        }
    }

    /// Scores z[one] − z[zero] of left-padded prompts by `scorer` (a model this cache serves), running only its
    /// layers `layers…` over the cached trunk outputs; with gradient when grad mode is on.
    public func scores(_ prompts: [[Int]], scorer: DecoderLM, one: Int, zero: Int) throws -> Tensor {
        precondition(serves(scorer), "TrunkCache.scores: the scorer does not share this cache's trunk")
        let outputs = try self.outputs(prompts)
        let width = prompts.map(\.count).max()!, c = model.config.hiddenSize
        let padding = prompts.map { width - $0.count }
        let x = Tensor.zeros([prompts.count, width, c])
        for (row, (out, pad)) in zip(outputs, padding).enumerated() {
            (x.storage.base + (row * width + pad) * c).update(from: out.storage.base, count: out.count)
        }
        let hidden = scorer.forward(embedded: x, fromLayer: layers, leftPadding: padding.contains { $0 > 0 } ? padding : nil).hidden
        return scorer.logits(hidden, position: width - 1, vocabularyRows: [one, zero]).relevanceScores(one: 0, zero: 1)
    }
}
