// `mlp_step`: one training step of a 4-layer MLP, width 1024, batch 64 (config `mlp4x1024_b64`), the same work as
// Benchmarks/peers/mlp_step.py does in PyTorch:
//
//   h₀ = x ~ N(0,1) [64, 1024];  hᵢ₊₁ = hᵢ·Wᵢᵀ + bᵢ  (Wᵢ [1024, 1024], bᵢ [1024]), ReLU after layers 0, 1, 2
//   loss = mean((h₄ − target)²),  target ~ N(0,1) [64, 1024]
//   step = forward + loss.backward() + AdamW.step() + zeroGrad
//          (AdamW lr 1e-4, β 0.9/0.999, ε 1e-8, weight decay 0.01)
//
// Metric: seconds per step (median); `phases_median_s` splits it into forward_loss, backward, adamw_zero_grad
// (the names torch_ref.py's train_step uses).

import ProRankKit

enum MLPStepBench {
    static let name = "mlp_step"
    static let config = "mlp4x1024_b64"
    static let width = 1024, depth = 4, batch = 64
    static let warmup = 1

    /// The model: `depth` affine layers with ReLU between them.
    struct MLP {
        var parameters = Parameters()
        var layers: [(weight: Tensor, bias: Tensor)] = []

        init(rng: inout SeededRNG) {
            for i in 0..<depth {
                // N(0, 1/width): keeps activations O(1) through the stack, like PyTorch's default fan-in scaling.
                let weight = Tensor.normal([width, width], std: 1 / Float(width).squareRoot(), rng: &rng)
                let bias = Tensor.zeros([width])
                parameters.add("layers.\(i).weight", weight)
                parameters.add("layers.\(i).bias", bias)
                layers.append((weight, bias))
            }
        }

        /// [batch, width] → [batch, width].
        func callAsFunction(_ x: Tensor) -> Tensor {
            var h = x
            for (i, layer) in layers.enumerated() {
                h = h.matmul(layer.weight, transposeB: true) + layer.bias  // [B, W]·[W, W]ᵀ + [W]
                if i < layers.count - 1 { h = h.relu() }
            }
            return h
        }
    }

    static func run(_ context: BenchContext) {
        guard context.wants(config) else { return }
        progress("mlp_step \(config)")
        var rng = SeededRNG(seed: 0)
        let model = MLP(rng: &rng)
        let x = Tensor.normal([batch, width], rng: &rng)
        let target = Tensor.normal([batch, width], rng: &rng)
        let optimizer = AdamW(model.parameters.tensors, config: AdamW.Config(
            learningRate: 1e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01))

        var phases: [[Double]] = []  // per step: forward_loss, backward, adamw_zero_grad
        var lastLoss: Float = 0
        let timed = Timing.timeReps(reps: context.reps, warmup: warmup) {
            let t0 = Timing.now()
            let loss = (model(x) - target).square().mean()
            let t1 = Timing.now()
            loss.backward()
            let t2 = Timing.now()
            optimizer.step()
            optimizer.zeroGrad()
            let t3 = Timing.now()
            phases.append([t1 - t0, t2 - t1, t3 - t2])
            lastLoss = loss.item
        }

        var line = JSONLine(impl: "prorank", bench: name, config: config, metric: "s_per_step", unit: "s",
                            threads: context.threads, samples: timed.secondsPerCall)
        line["phases_median_s"] = .object(phaseMedians(phases, timed: timed))
        line["batch"] = .int(batch)
        line["width"] = .int(width)
        line["layers"] = .int(depth)
        line["parameters"] = .int(model.parameters.scalarCount)
        line["dtype"] = .string("float32")
        line["calls_per_rep"] = .int(timed.callsPerRep)
        line["final_loss"] = .number(Double(lastLoss))
        line.add(timed.load)
        line["note"] = .string("forward + MSE + backward + AdamW.step + zeroGrad; Tensor.matmul(transposeB:) + bias, ReLU")
        line.emit()
    }

    /// Median over repetitions of each phase's mean time per step within the repetition (the timed steps only:
    /// warm-up and calibration steps are dropped).
    private static func phaseMedians(_ phases: [[Double]], timed: TimedReps) -> [(String, JSONValue)] {
        let names = ["forward_loss", "backward", "adamw_zero_grad"]
        let steps = Array(phases.dropFirst(timed.untimedCalls))
        let k = timed.callsPerRep
        return names.indices.map { p in
            let perRep = stride(from: 0, to: steps.count, by: k).map { start in
                steps[start..<Swift.min(start + k, steps.count)].reduce(0) { $0 + $1[p] } / Double(k)
            }
            return (names[p], .number(perRep.median))
        }
    }
}
