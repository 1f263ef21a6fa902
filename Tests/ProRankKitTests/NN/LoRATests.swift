// LoRA (NN/LoRA.swift, Model/DecoderLM+LoRA.swift): configuration checks, the adapted Linear and its gradients,
// dropout, and on the fixture models: zero-B adapters and disabled adapters give the base logits exactly, merged
// weights give the adapter logits, gradients through the model loss match finite differences. Files and the
// transformers/PEFT round trips are in LoRATests+Files.swift.

import XCTest
@testable import ProRankKit

final class LoRATests: XCTestCase {
    // MARK: helpers

    /// Fixture models with their reference.json.
    func models() throws -> [(folder: URL, reference: JSONValueReader)] {
        try fixtureSubfolders(fixtureFolder("models")).map { ($0, JSONValueReader(try readJSON($0.appendingPathComponent("reference.json")))) }
    }

    /// input_ids of every reference sequence.
    func sequences(_ reference: JSONValueReader) -> [[Int]] { reference["sequences"].array.map { $0["input_ids"].ints } }

    /// Logits [T·V] of one sequence at every position, without recording.
    func logits(_ model: DecoderLM, _ ids: [Int]) -> [Float] {
        withoutGrad { model.logits(model.forward([ids]).hidden).scalars }
    }

    /// Logits of the last position.
    func lastLogits(_ model: DecoderLM, _ ids: [Int]) -> [Float] {
        withoutGrad { model.logits(model.forward([ids]).hidden, positions: [ids.count - 1]).scalars }
    }

    /// max |a − b| / max |b|.
    func relativeMaxDifference(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count)
        let scale = b.reduce(Float(0)) { max($0, abs($1)) }
        return zip(a, b).reduce(Float(0)) { max($0, abs($1.0 - $1.1)) } / max(scale, .leastNormalMagnitude)
    }

    /// Overwrites every attached B (initially 0) with N(0, std²) values, so the adapters change the model.
    func randomizeB(_ model: DecoderLM, seed: UInt64, std: Float = 0.3) {
        var rng = SeededRNG(seed: seed)
        for (name, tensor) in model.loraParameters.named where name.hasSuffix("lora_B.weight") {
            fill(tensor, Tensor.normal(tensor.shape, std: std, rng: &rng))
        }
    }

    func fill(_ tensor: Tensor, _ values: Tensor) {
        tensor.storage.base.update(from: values.storage.base, count: tensor.count)
    }

    // MARK: configuration

    func testInvalidConfigurationsLayersAndASecondAttachThrowClearErrors() throws {
        let (folder, _) = try XCTUnwrap(models().first)
        let model = try Checkpoint.loadHuggingFace(folder)
        let invalid: [(LoRAConfiguration, String)] = [
            (LoRAConfiguration(rank: 0), "rank"), (LoRAConfiguration(alpha: 0), "alpha"), (LoRAConfiguration(alpha: -1), "alpha"),
            (LoRAConfiguration(dropout: 1), "dropout"), (LoRAConfiguration(dropout: -0.1), "dropout"), (LoRAConfiguration(targets: []), "targets"),
        ]
        for (configuration, field) in invalid {
            XCTAssertThrowsError(try model.attachLoRA(configuration, seed: 1)) { error in
                XCTAssertTrue("\(error)".contains(field) && "\(error)".contains("hint"), "\(error)")
            }
        }
        for layers in [0..<0, 1..<9, 2..<3] {
            XCTAssertThrowsError(try model.attachLoRA(LoRAConfiguration(), layers: layers, seed: 1)) { error in
                XCTAssertTrue("\(error)".contains("0..<\(model.config.layerCount)"), "\(error)")
            }
        }
        XCTAssertEqual(model.loraParameters.count, 0, "failed attaches leave no adapter behind")
        XCTAssertNil(model.loraConfiguration)
        try model.attachLoRA(LoRAConfiguration(rank: 2), seed: 1)
        XCTAssertThrowsError(try model.attachLoRA(LoRAConfiguration(rank: 2), seed: 1)) { error in
            XCTAssertEqual(error as? LoRAError, .alreadyAttached)
        }
        XCTAssertEqual(LoRAConfiguration(targets: [.value, .query, .value]), LoRAConfiguration(targets: [.query, .value]), "targets are a set")
    }

    func testAttachNamesParametersAsPEFTInitialisesLikePEFTAndLeavesBaseFlagsAlone() throws {
        for (folder, _) in try models() {
            let model = try Checkpoint.loadHuggingFace(folder)
            let frozen = Set(model.parameters.names.filter { $0.contains("q_proj") || $0.contains("embed") })
            for (name, t) in model.parameters.named { t.requiresGrad = !frozen.contains(name) }
            let configuration = LoRAConfiguration(rank: 4, alpha: 8, targets: [.value, .query])
            let params = try model.attachLoRA(configuration, layers: 1..<2, seed: 7)
            let prefix = "base_model.model.model.layers.1.self_attn"
            XCTAssertEqual(params.names, ["\(prefix).q_proj.lora_A.weight", "\(prefix).q_proj.lora_B.weight",
                                          "\(prefix).v_proj.lora_A.weight", "\(prefix).v_proj.lora_B.weight"])
            for (name, t) in model.parameters.named {
                XCTAssertEqual(t.requiresGrad, !frozen.contains(name), "\(name): attachLoRA must not change requiresGrad")
            }
            let c = model.config.hiddenSize, kv = model.config.kvHeadCount * model.config.headDim
            XCTAssertEqual(params["\(prefix).v_proj.lora_A.weight"]?.shape, [4, c])
            XCTAssertEqual(params["\(prefix).v_proj.lora_B.weight"]?.shape, [kv, 4])
            let bound = 1 / Float(c).squareRoot()
            for (name, t) in params.named {
                XCTAssertTrue(t.requiresGrad, name)
                if name.contains("lora_A") {
                    XCTAssertTrue(t.scalars.allSatisfy { abs($0) <= bound }, "\(name): kaiming-uniform bound 1/√in")
                    XCTAssertGreaterThan(t.scalars.map(abs).max()!, 0.8 * bound, "\(name): values fill U(−1/√in, 1/√in)")
                } else {
                    XCTAssertTrue(t.scalars.allSatisfy { $0 == 0 }, "\(name): B starts at 0")
                }
            }
            XCTAssertEqual(model.loraConfiguration, configuration)
            XCTAssertEqual(model.loraLayers, [1])
            params.tensors[0].requiresGrad = false
            XCTAssertFalse(model.loraParameters.tensors[0].requiresGrad, "reading loraParameters keeps flags")
            // The same seed draws the same A.
            let again = try Checkpoint.loadHuggingFace(folder)
            let other = try again.attachLoRA(configuration, layers: 1..<2, seed: 7)
            XCTAssertEqual(other.tensors.map(\.scalars), params.tensors.map(\.scalars))
        }
    }

    // MARK: the adapted Linear

    func testAdaptedLinearComputesTheLowRankFormulaAndItsGradients() throws {
        var inputs = TestInputs(seed: 11)
        let (n, i, o, r) = (3, 7, 5, 3)
        let linear = Linear(weight: inputs.param([o, i]), bias: inputs.param([o]))
        var rng = SeededRNG(seed: 2)
        let adapter = try LoRAAdapter(inputs: i, outputs: o, rank: r, alpha: 6, rng: &rng)
        try linear.attachLoRA(adapter)
        fill(adapter.b, Tensor.normal([o, r], rng: &rng))
        adapter.a.requiresGrad = true
        adapter.b.requiresGrad = true
        let x = inputs.param([2, n, i])
        // y = x·Wᵀ + b + (α/r)·x·Aᵀ·Bᵀ, element by element.
        let y = withoutGrad { linear(x) }
        var worst: Float = 0
        for row in 0..<(2 * n) {
            for out in 0..<o {
                var expected = Double(linear.bias![out])
                for k in 0..<i { expected += Double(x.storage.base[row * i + k]) * Double(linear.weight[out, k]) }
                for j in 0..<r {
                    var xa = 0.0
                    for k in 0..<i { xa += Double(x.storage.base[row * i + k]) * Double(adapter.a[j, k]) }
                    expected += 2 * xa * Double(adapter.b[out, j])
                }
                worst = max(worst, abs(y.storage.base[row * o + out] - Float(expected)))
            }
        }
        XCTAssertLessThan(worst, 1e-5)
        assertGradientsMatch([x, linear.weight, linear.bias!, adapter.a, adapter.b]) { _ in linear(x) }
        linear.lora.enabled = false
        let base = withoutGrad { x.matmul(linear.weight, transposeB: true) + linear.bias! }
        XCTAssertEqual(withoutGrad { linear(x) }.scalars, base.scalars, "a disabled adapter runs the base layer")
        XCTAssertThrowsError(try linear.attachLoRA(adapter)) { XCTAssertEqual($0 as? LoRAError, .alreadyAttached) }
        XCTAssertThrowsError(try Linear(weight: Tensor.zeros([4, 4])).attachLoRA(adapter)) { error in
            XCTAssertTrue("\(error)".contains("[r, 4]"), "\(error)")
        }
    }

    func testDropoutIsInvertedSeededAndOnlyWhileRecordingGradients() throws {
        let p = 0.25, size = 4
        func identityAdapter(seed: UInt64) throws -> Linear {
            var eye = [Float](repeating: 0, count: size * size)
            for k in 0..<size { eye[k * size + k] = 1 }
            let linear = Linear(weight: Tensor.zeros([size, size]))
            try linear.attachLoRA(LoRAAdapter(a: Tensor(shape: [size, size], data: eye), b: Tensor(shape: [size, size], data: eye),
                                              alpha: Double(size), dropout: p, dropoutSeed: seed))
            return linear
        }
        let linear = try identityAdapter(seed: 3)
        let x = Tensor.ones([500, size])
        XCTAssertEqual(withoutGrad { linear(x) }.scalars, x.scalars, "no dropout outside grad mode")
        let first = linear(x).scalars, second = linear(x).scalars
        let keep = Float(1 / (1 - p))
        XCTAssertTrue(first.allSatisfy { $0 == 0 || abs($0 - keep) < 1e-6 }, "kept elements are scaled by 1/(1−p)")
        let dropped = Double(first.filter { $0 == 0 }.count) / Double(first.count)
        XCTAssertEqual(dropped, p, accuracy: 0.03)
        XCTAssertNotEqual(first, second, "each call draws a new mask")
        XCTAssertEqual(try identityAdapter(seed: 3)(x).scalars, first, "masks reproduce from the seed")
    }

    // MARK: the decoder

    func testZeroBAdaptersAndDisabledAdaptersGiveTheBaseLogitsExactly() throws {
        for (folder, reference) in try models() {
            let model = try Checkpoint.loadHuggingFace(folder)
            let ids = sequences(reference)
            let base = ids.map { logits(model, $0) }
            try model.attachLoRA(LoRAConfiguration(rank: 4, alpha: 8), seed: 3)
            XCTAssertTrue(model.adaptersEnabled)
            for (seq, expected) in zip(ids, base) {
                XCTAssertEqual(logits(model, seq), expected, "\(folder.lastPathComponent): B = 0 leaves the logits unchanged")
            }
            randomizeB(model, seed: 4)
            let adapted = logits(model, ids[0])
            XCTAssertGreaterThan(relativeMaxDifference(adapted, base[0]), 1e-3, "non-zero B changes the logits")
            for (seq, expected) in zip(ids, base) {
                XCTAssertEqual(model.withAdaptersDisabled { logits(model, seq) }, expected, "\(folder.lastPathComponent): disabled adapters")
            }
            XCTAssertTrue(model.adaptersEnabled, "withAdaptersDisabled restores the state")
            model.adaptersEnabled = false
            XCTAssertEqual(logits(model, ids[0]), base[0])
            model.adaptersEnabled = true
            XCTAssertEqual(logits(model, ids[0]), adapted)
        }
    }

    func testMergedWeightsGiveTheAdapterLogits() throws {
        for (folder, reference) in try models() {
            let model = try Checkpoint.loadHuggingFace(folder)
            let ids = sequences(reference)
            try model.attachLoRA(LoRAConfiguration(rank: 4, alpha: 8), seed: 5)
            randomizeB(model, seed: 6)
            let adapted = ids.map { logits(model, $0) }
            model.mergeLoRA()
            XCTAssertEqual(model.loraParameters.count, 0)
            XCTAssertNil(model.loraConfiguration)
            var worst: Float = 0
            for (seq, expected) in zip(ids, adapted) {
                worst = max(worst, relativeMaxDifference(logits(model, seq), expected))
            }
            XCTAssertLessThanOrEqual(worst, 1e-5, "\(folder.lastPathComponent): merged vs adapter logits")
            print("LoRATests: \(folder.lastPathComponent) merged vs adapter logits: max |Δ| / max |logit| = \(worst)")
        }
    }

    func testModelLossGradientsOfAdaptersMatchFiniteDifferences() throws {
        for (folder, reference) in try models() {
            let model = try Checkpoint.loadHuggingFace(folder)
            for t in model.parameters.tensors { t.requiresGrad = false }
            let params = try model.attachLoRA(LoRAConfiguration(rank: 2, alpha: 4, targets: [.value, .down]), layers: 0..<1, seed: 8)
            randomizeB(model, seed: 9, std: 0.5)
            let ids = Array(sequences(reference).max { $0.count < $1.count }!.prefix(8))
            // ε = 5e-3: through the whole model the O(ε²) truncation error of ε = 1e-2 reaches ~1.7e-3 (it shrinks
            // 4× per halving of ε, so the analytic gradient is right); at 5e-3 it is ~4e-4, well inside the tolerance.
            let report = GradCheck.check(params.tensors, epsilon: 5e-3) { _ in model.loss(ids) }
            XCTAssertTrue(report.passed, "\(folder.lastPathComponent): \(report)")
            XCTAssertEqual(report.checked, params.scalarCount)
            print("LoRATests: \(folder.lastPathComponent) loss gradient check: \(report)")
        }
    }
}
