// Parity of the decoder with transformers on the tiny reference models (fixtures/models): logits, greedy
// continuations, losses, gradients, left-padded batches, save/reload; and the same models from GGUF files in
// every quantization (fixtures/gguf). Every input and expected value is read from the fixture files.

import XCTest
@testable import ProRankKit

final class ModelFixtureTests: XCTestCase {
    /// Logits: |ours − reference| ≤ 1e-4 · max(1, |reference|) (the fixtures README's float32 tolerance).
    static let logitTolerance: Float = 1e-4

    private func assertLogits(_ ours: [Float], _ expected: [Float], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(ours.count, expected.count, "\(what): vocabulary size", file: file, line: line)
        var worst: Float = 0, at = 0
        for (i, (a, b)) in zip(ours, expected).enumerated() {
            let excess = abs(a - b) / max(1, abs(b))
            if !(excess <= worst) { worst = excess; at = i }
        }
        XCTAssertLessThanOrEqual(worst, Self.logitTolerance, "\(what): logit \(at) is \(ours[at]), expected \(expected[at])", file: file, line: line)
    }

    private func argmax(_ row: [Float]) -> Int { row.indices.max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) }! }

    private func models() throws -> [(URL, JSONValueReader)] {
        try fixtureSubfolders(fixtureFolder("models")).map { ($0, JSONValueReader(try readJSON($0.appendingPathComponent("reference.json")))) }
    }

    func testLogitsArgmaxLossAndScoreMatchTransformers() throws {
        for (folder, reference) in try models() {
            let model = try Checkpoint.loadHuggingFace(folder)
            let name = folder.lastPathComponent
            let one = reference["token_ids"]["1"].int!, zero = reference["token_ids"]["0"].int!
            for sequence in reference["sequences"].array {
                let ids = sequence["input_ids"].ints, index = sequence["index"].int!
                let (logits, loss, score) = withoutGrad { () -> (Tensor, Float?, Float) in
                    let hidden = model.forward([ids]).hidden
                    let loss = ids.count > 1 ? model.loss(ids).item : nil
                    let score = model.logits(hidden, position: ids.count - 1, vocabularyRows: [one, zero])
                    return (model.logits(hidden).reshaped([ids.count, -1]), loss, score[0, 0] - score[0, 1])
                }
                let v = logits.shape[1]
                func row(_ p: Int) -> [Float] { Array(logits.scalars[(p * v)..<((p + 1) * v)]) }
                assertLogits(row(ids.count - 1), sequence["last_logits"].floats, "\(name) sequence \(index) last position")
                for (p, expected) in zip(sequence["positions"].ints, sequence["position_logits"].array) {
                    assertLogits(row(p), expected.floats, "\(name) sequence \(index) position \(p)")
                }
                XCTAssertEqual((0..<ids.count).map { argmax(row($0)) }, sequence["argmax_per_position"].ints, "\(name) sequence \(index) argmax")
                if let expected = sequence["loss"].double {
                    XCTAssertEqual(Double(loss!), expected, accuracy: 1e-5 * max(1, abs(expected)), "\(name) sequence \(index) loss")
                } else {
                    XCTAssertNil(loss)
                }
                let expectedScore = sequence["relevance_score_last"].double!
                XCTAssertEqual(Double(score), expectedScore, accuracy: 1e-4 * max(1, abs(expectedScore)), "\(name) sequence \(index) score")
            }
        }
    }

    func testGreedyContinuationWithKVCacheIsIdentical() throws {
        for (folder, reference) in try models() {
            let model = try Checkpoint.loadHuggingFace(folder)
            for sequence in reference["sequences"].array {
                let expected = sequence["greedy_new_ids"].ints
                var sampler = Sampler.greedy
                let generated = model.generate(prompt: sequence["input_ids"].ints, maxNewTokens: expected.count, sampler: &sampler)
                XCTAssertEqual(generated, expected, "\(folder.lastPathComponent) sequence \(sequence["index"].int!)")
            }
        }
    }

    func testGradientNormsAndValuesMatchTransformers() throws {
        for (folder, reference) in try models() {
            let model = try Checkpoint.loadHuggingFace(folder)
            let gradient = reference["gradient"]
            let ids = reference["sequences"][gradient["sequence_index"].int!]["input_ids"].ints
            let loss = model.loss(ids)
            XCTAssertEqual(Double(loss.item), gradient["loss"].double!, accuracy: 1e-5 * max(1, abs(gradient["loss"].double!)))
            loss.backward()
            let expectedNames = gradient["params"].array.map { $0["name"].string! }
            XCTAssertEqual(model.parameters.names, expectedNames, "\(folder.lastPathComponent): parameter names and order")
            for expected in gradient["params"].array {
                let name = expected["name"].string!
                guard let grad = model.parameters[name]?.grad else { XCTFail("\(name): no gradient"); continue }
                XCTAssertEqual(grad.shape, expected["shape"].ints, name)
                let norm = grad.scalars.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
                let expectedNorm = expected["l2_norm"].double!
                XCTAssertEqual(norm, expectedNorm, accuracy: 1e-3 * expectedNorm, "\(folder.lastPathComponent) \(name) gradient norm")
                for (i, (a, b)) in zip(grad.scalars.prefix(8), expected["first8"].floats).enumerated() {
                    XCTAssertEqual(a, b, accuracy: 1e-4, "\(folder.lastPathComponent) \(name) gradient value \(i)")
                }
            }
        }
    }

    func testLeftPaddedBatchGivesTheRecordedLastLogits() throws {
        for (folder, reference) in try models() {
            let model = try Checkpoint.loadHuggingFace(folder)
            let batch = reference["batch_left_padded"]
            let rows = batch["input_ids"].array.map(\.ints)
            let padding = batch["attention_mask"].array.map { $0.ints.prefix { $0 == 0 }.count }
            let logits = withoutGrad { model.logits(model.forward(rows, leftPadding: padding).hidden, positions: [rows[0].count - 1]) }
            let v = logits.shape[2]
            for (r, expected) in batch["last_logits"].array.enumerated() {
                assertLogits(Array(logits.scalars[(r * v)..<((r + 1) * v)]), expected.floats, "\(folder.lastPathComponent) padded row \(r)")
            }
        }
    }

    func testSavedModelReloadsWithIdenticalLogits() throws {
        for (folder, reference) in try models() {
            let model = try Checkpoint.loadHuggingFace(folder)
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("prorank-save-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: out) }
            try model.save(to: out)
            let reloaded = try Checkpoint.loadHuggingFace(out)
            XCTAssertEqual(reloaded.config, model.config)
            let ids = reference["sequences"].array.last!["input_ids"].ints
            let a = withoutGrad { model.logits(model.forward([ids]).hidden, positions: [ids.count - 1]) }
            let b = withoutGrad { reloaded.logits(reloaded.forward([ids]).hidden, positions: [ids.count - 1]) }
            XCTAssertEqual(a.scalars, b.scalars)
            let names = Set(try Safetensors.tensorInfos(out.appendingPathComponent("model.safetensors")).map(\.name))
            XCTAssertEqual(names, Set(reference["safetensors_tensors"].keys), "same tensor names as save_pretrained")
        }
    }

    /// A saved model opens in transformers with the same logits (needs a Python with torch and transformers:
    /// `$PRORANK_PYTHON`, else the benchmark kit's venv; skipped when neither exists).
    func testSavedModelOpensInTransformers() throws {
        let python = ProcessInfo.processInfo.environment["PRORANK_PYTHON"]
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/prorank-bench/venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw XCTSkip("no Python with transformers at \(python); set PRORANK_PYTHON to run this check")
        }
        for (folder, reference) in try models() {
            let model = try Checkpoint.loadHuggingFace(folder)
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("prorank-hf-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: out) }
            try model.save(to: out)
            let ids = reference["sequences"].array.last!["input_ids"].ints
            let script = """
                import json, sys, torch
                from transformers import AutoModelForCausalLM
                m = AutoModelForCausalLM.from_pretrained(sys.argv[1], dtype=torch.float32, attn_implementation="eager")
                with torch.no_grad():
                    print(json.dumps(m(torch.tensor([json.loads(sys.argv[2])])).logits[0, -1].tolist()))
                """
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = ["-c", script, out.path, "\(ids)"]
            process.environment = ProcessInfo.processInfo.environment.merging(["HF_HUB_OFFLINE": "1"]) { $1 }
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0, "transformers could not load \(out.path)")
            let theirs = try JSONSerialization.jsonObject(with: data) as? [Double] ?? []
            let ours = withoutGrad { model.logits(model.forward([ids]).hidden, positions: [ids.count - 1]) }.scalars
            assertLogits(ours, theirs.map(Float.init), "\(folder.lastPathComponent) reloaded by transformers")
        }
    }

    func testGGUFModelsInEveryQuantizationGiveTheirRecordedLogits() throws {
        let gguf = try fixtureFolder("gguf")
        let reference = JSONValueReader(try readJSON(gguf.appendingPathComponent("reference.json")))
        for modelName in reference["models"].keys {
            let files = reference["models"][modelName]["files"]
            for type in files.keys {
                let entry = files[type]
                let model = try Checkpoint.loadGGUF(gguf.appendingPathComponent(entry["file"].string!))
                XCTAssertEqual(model.config.tieWordEmbeddings, entry["transformers_loaded_config"]["tie_word_embeddings"].bool)
                XCTAssertEqual(model.config.kvHeadCount, entry["transformers_loaded_config"]["num_key_value_heads"].int)
                for logits in entry["logits"].array {
                    let ids = logits["input_ids"].ints
                    let all = withoutGrad { model.logits(model.forward([ids]).hidden).reshaped([ids.count, -1]) }
                    let v = all.shape[1]
                    assertLogits(Array(all.scalars[((ids.count - 1) * v)...]), logits["last_logits"].floats, "\(modelName) \(type) sequence \(logits["index"].int!)")
                    let argmaxes = (0..<ids.count).map { argmax(Array(all.scalars[($0 * v)..<(($0 + 1) * v)])) }
                    XCTAssertEqual(argmaxes, logits["argmax_per_position"].ints, "\(modelName) \(type) sequence \(logits["index"].int!) argmax")
                }
            }
        }
    }
}
