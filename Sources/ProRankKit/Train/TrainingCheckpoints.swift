// Checkpoints of a training call: everything needed to continue as if never stopped.
//
//     DIR/step-000010/trained.safetensors    the trained tensors (Hugging Face or PEFT names)
//     DIR/step-000010/optimizer.safetensors  AdamW's moments: "m.<name>", "v.<name>"
//     DIR/step-000010/state.json             kind, step, settings, AdamW step counts, data-order position, the log
//     DIR/latest                             the name of the newest complete checkpoint folder
//
// A folder is written under a temporary name and renamed when complete, then `latest` is replaced atomically, so
// a process killed at any moment leaves the previous checkpoint intact and `latest` naming a complete folder.

import Foundation

/// Reads and writes the checkpoints of one folder.
public struct TrainingCheckpoints {
    public let directory: URL
    static let files = ["trained.safetensors", "optimizer.safetensors", "state.json"]

    public init(directory: URL) { self.directory = directory }

    struct State: Codable {
        var kind: String
        var step: Int
        var settings: [String: RunParameter]
        var optimizerSteps: [String: Int]
        var streamPosition: [Int]
        var log: [LogEntry]
    }

    struct LogEntry: Codable {
        var step: Int
        var metrics: [String: Double]
    }

    /// The newest complete checkpoint folder, nil when there is none.
    public func latest() throws -> URL? {
        let pointer = directory.appendingPathComponent("latest")
        guard let name = try? String(contentsOf: pointer, encoding: .utf8) else { return nil }
        let folder = directory.appendingPathComponent(name.trimmingCharacters(in: .whitespacesAndNewlines))
        guard Self.files.allSatisfy({ FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }) else {
            throw TrainingError.invalidData("\(pointer.path) names \(folder.lastPathComponent), which is incomplete (hint: delete the checkpoint folder to start over)")
        }
        return folder
    }

    /// Writes the trainer's current state as `step-NNNNNN` and points `latest` at it. Returns the folder.
    @discardableResult
    public func write(_ trainer: some StepTrainer) throws -> URL {
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        let name = String(format: "step-%06d", trainer.completedSteps)
        let final = directory.appendingPathComponent(name), temporary = directory.appendingPathComponent(name + ".partial")
        try? fm.removeItem(at: temporary)
        try fm.createDirectory(at: temporary, withIntermediateDirectories: true)

        let named = trainer.trainedParameters.named
        try Safetensors.write(named.map { ($0.name, $0.tensor) }, to: temporary.appendingPathComponent("trained.safetensors"))
        var moments: [(name: String, tensor: Tensor)] = [], steps: [String: Int] = [:]
        for ((name, tensor), state) in zip(named, trainer.optimizer.states) {
            guard let state else { continue }
            moments.append(("m.\(name)", Tensor(shape: tensor.shape, storage: state.m)))
            moments.append(("v.\(name)", Tensor(shape: tensor.shape, storage: state.v)))
            steps[name] = state.step
        }
        try Safetensors.write(moments, to: temporary.appendingPathComponent("optimizer.safetensors"))
        let state = State(kind: trainer.kind, step: trainer.completedSteps, settings: trainer.runParameters, optimizerSteps: steps,
                          streamPosition: trainer.counters.stream.drawn,
                          log: trainer.log.entries.map { LogEntry(step: $0.step, metrics: $0.metrics) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try encoder.encode(state).write(to: temporary.appendingPathComponent("state.json"), options: .atomic)

        try? fm.removeItem(at: final)
        try fm.moveItem(at: temporary, to: final)
        try Data(name.utf8).write(to: directory.appendingPathComponent("latest"), options: .atomic)
        return final
    }

    /// Loads `folder` into `trainer`: parameters, optimiser moments and step counts, data order, log and step.
    /// Fails when the checkpoint was written by another kind of training or with other settings.
    public func restore(_ folder: URL, into trainer: some StepTrainer) throws {
        let state: State
        do {
            state = try JSONDecoder().decode(State.self, from: Data(contentsOf: folder.appendingPathComponent("state.json")))
        } catch {
            throw TrainingError.invalidData("\(folder.path)/state.json is not a training checkpoint: \(error)")
        }
        guard state.kind == trainer.kind else {
            throw TrainingError.invalidData("\(folder.path) is a \(state.kind) checkpoint, not \(trainer.kind)")
        }
        // Compared as stored: JSON writes 1.0 as 1, which reads back as an integer.
        let current = try JSONDecoder().decode([String: RunParameter].self, from: JSONEncoder().encode(trainer.runParameters))
        let differing = Set(state.settings.keys).union(current.keys)
            .filter { $0 != "steps" && state.settings[$0] != current[$0] }.sorted()   // more steps may follow
        guard differing.isEmpty else {
            throw TrainingError.invalidData("\(folder.path) was written with other settings (\(differing.joined(separator: ", "))); resume with the same settings or use a new checkpoint folder")
        }
        let values = try Safetensors.read(folder.appendingPathComponent("trained.safetensors"))
        do { try trainer.trainedParameters.load(from: values) } catch {
            throw TrainingError.invalidData("\(folder.path)/trained.safetensors: \(error)")
        }
        let moments = try Safetensors.read(folder.appendingPathComponent("optimizer.safetensors"))
        for (i, (name, tensor)) in trainer.trainedParameters.named.enumerated() {
            guard let steps = state.optimizerSteps[name] else { trainer.optimizer.states[i] = nil; continue }
            guard let m = moments["m.\(name)"], let v = moments["v.\(name)"], m.shape == tensor.shape, v.shape == tensor.shape else {
                throw TrainingError.invalidData("\(folder.path)/optimizer.safetensors lacks the moments of \(name)")
            }
            let restored = AdamW.State(count: tensor.count)
            restored.m.base.update(from: m.storage.base, count: tensor.count)
            restored.v.base.update(from: v.storage.base, count: tensor.count)
            restored.step = steps
            trainer.optimizer.states[i] = restored
        }
        var log = TrainingLog()
        for entry in state.log { log.append(step: entry.step, metrics: entry.metrics) }
        trainer.restore(completedSteps: state.step, log: log, streamPosition: state.streamPosition)
    }
}
