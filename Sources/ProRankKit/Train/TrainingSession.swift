// What every trainer shares around its step: the loop with progress and cancellation, a run recorded step by step
// in the run store, checkpoints every N steps and at the end, and resuming from the last checkpoint with the same
// result as an uninterrupted run.

import Foundation

/// A trainer the session can drive: one optimiser step at a time, with a state that checkpoints capture.
public protocol StepTrainer: AnyObject {
    /// The run kind in the store ("grpo", "score-learning", "sft", "pretrain").
    var kind: String { get }
    var totalSteps: Int { get }
    /// Steps done, the log and the data order: with the parameters and the optimiser, all a checkpoint holds.
    var counters: TrainerCounters { get set }
    /// The tensors the optimiser updates, under the names checkpoints use.
    var trainedParameters: Parameters { get }
    var optimizer: AdamW { get }
    /// The settings, as recorded with the run (also a checkpoint's fingerprint: resuming needs equal settings).
    var runParameters: [String: RunParameter] { get }
    /// One optimiser step; returns (and appends to `log`) its metrics.
    func step() throws -> [String: Double]
}

/// The counters of a trainer besides its tensors.
public struct TrainerCounters: Sendable {
    public internal(set) var completedSteps = 0
    public internal(set) var log = TrainingLog()
    /// The order examples are drawn in, and how far it has got.
    public internal(set) var stream: ExampleStream

    init(stream: ExampleStream) { self.stream = stream }

    /// Counts a finished step and logs its metrics.
    mutating func finishStep(_ metrics: [String: Double]) {
        completedSteps += 1
        log.append(step: completedSteps, metrics: metrics)
    }
}

extension StepTrainer {
    /// The update every single-loss trainer makes: backward from `loss`, clip the global gradient norm to
    /// `maxGradNorm` (0: no clip), AdamW at `learningRate`, gradients cleared. A non-finite loss or gradient norm
    /// stops before the parameters change (`TrainingError.nonFinite`). Returns the norm before clipping.
    func update(_ loss: Tensor, what: String, maxGradNorm: Float, learningRate: Float) throws -> Float {
        let step = completedSteps + 1
        guard loss.item.isFinite else { throw TrainingError.nonFinite(step: step, what: what) }
        loss.backward()
        let norm = clipGradNorm(trainedParameters.tensors, maxNorm: maxGradNorm > 0 ? maxGradNorm : .infinity)
        guard norm.isFinite else {
            optimizer.zeroGrad()
            throw TrainingError.nonFinite(step: step, what: "the gradient norm")
        }
        optimizer.step(learningRate: learningRate)
        optimizer.zeroGrad()
        return norm
    }

    public var completedSteps: Int { counters.completedSteps }
    public var log: TrainingLog { counters.log }

    /// Restores the counters a checkpoint saved (the session restores the parameters and the optimiser).
    func restore(completedSteps: Int, log: TrainingLog, streamPosition: [Int]) {
        counters.completedSteps = completedSteps
        counters.log = log
        counters.stream = ExampleStream(pools: counters.stream.pools, seed: counters.stream.seed, drawn: streamPosition)
    }
}

/// Where a training call records and checkpoints.
public struct TrainingOptions {
    /// Folder of checkpoints (`step-000010/` …, `latest`); nil: none.
    public var checkpointDirectory: URL?
    /// Steps between checkpoints (0: only at the end). A checkpoint is also written when training is stopped.
    public var checkpointEvery: Int
    /// Continue from the latest checkpoint in `checkpointDirectory` when there is one.
    public var resume: Bool
    /// The run store that records the run (params, per-step metrics, checkpoint artifacts); nil: not recorded.
    public var store: RunStore?
    public var runName: String
    public var provenance: RunProvenance

    public init(checkpointDirectory: URL? = nil, checkpointEvery: Int = 0, resume: Bool = false, store: RunStore? = nil,
                runName: String = "", provenance: RunProvenance = RunProvenance()) {
        (self.checkpointDirectory, self.checkpointEvery, self.resume) = (checkpointDirectory, checkpointEvery, resume)
        (self.store, self.runName, self.provenance) = (store, runName, provenance)
    }
}

extension StepTrainer {
    /// Trains until `totalSteps`, resuming first when asked and a checkpoint exists. `progress` is told after every
    /// step; returning false stops between steps with `TrainingError.cancelled` after writing a checkpoint.
    /// The run is recorded as `finished`, or `failed` on an error or a stop; a killed process leaves it
    /// `running` until the store marks it `unfinished`.
    @discardableResult
    public func train(options: TrainingOptions = TrainingOptions(), progress: TrainingProgressHandler = { _ in true }) throws -> TrainingLog {
        guard options.checkpointEvery >= 0 else { throw TrainingError.invalidParameter("checkpointEvery must be ≥ 0, got \(options.checkpointEvery)") }
        let checkpoints = options.checkpointDirectory.map { TrainingCheckpoints(directory: $0) }
        var resumedFrom: Int?
        if options.resume, let checkpoints, let latest = try checkpoints.latest() {
            try checkpoints.restore(latest, into: self)
            resumedFrom = completedSteps
        }
        var params = runParameters
        if let resumedFrom { params["resumedFromStep"] = .int(resumedFrom) }
        let run = try options.store?.startRun(kind: kind, name: options.runName.isEmpty ? kind : options.runName,
                                              params: params, provenance: options.provenance)
        func checkpoint() throws {
            guard let checkpoints else { return }
            let folder = try checkpoints.write(self)
            if let run, let store = options.store {
                for file in TrainingCheckpoints.files { try store.addArtifact(run: run, kind: "checkpoint", path: folder.appendingPathComponent(file).path) }
            }
        }
        do {
            let start = Date()
            let first = completedSteps
            while completedSteps < totalSteps {
                let metrics = try step()
                if let run { try options.store?.log(run: run, step: completedSteps, metrics: metrics) }
                let isLast = completedSteps == totalSteps
                if !isLast, options.checkpointEvery > 0, completedSteps % options.checkpointEvery == 0 { try checkpoint() }
                if isLast { try checkpoint() }
                let report = TrainingProgress(step: completedSteps, totalSteps: totalSteps, metrics: metrics,
                                              elapsed: Date().timeIntervalSince(start), firstStep: first)
                if !progress(report) {
                    if !isLast && (options.checkpointEvery == 0 || completedSteps % options.checkpointEvery != 0) { try checkpoint() }
                    throw TrainingError.cancelled(completedSteps: completedSteps)
                }
            }
            if let run { try options.store?.finish(run, status: .finished) }
            return log
        } catch {
            if let run { try? options.store?.finish(run, status: .failed) }
            throw error
        }
    }
}
