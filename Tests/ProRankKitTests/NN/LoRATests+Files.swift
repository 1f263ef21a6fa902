// LoRA adapters on disk: PEFT's folder layout round-trips, bad files give clear errors, and (with a Python that
// has transformers, and optionally peft) the merged checkpoint and the adapter folder give our logits there, and
// an adapter PEFT saved gives PEFT's logits here.

import XCTest
@testable import ProRankKit

extension LoRATests {
    func temporaryFolder(_ tag: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("prorank-lora-\(tag)-\(UUID().uuidString)")
    }

    func testSavedAdaptersLoadIntoAFreshModelWithIdenticalLogits() throws {
        for (folder, reference) in try models() {
            for (configuration, layers) in [(LoRAConfiguration(rank: 4, alpha: 8), nil), (LoRAConfiguration(rank: 2, alpha: 3, dropout: 0.1, targets: [.query, .up]), 1..<2)] as [(LoRAConfiguration, Range<Int>?)] {
                let model = try Checkpoint.loadHuggingFace(folder)
                try model.attachLoRA(configuration, layers: layers, seed: 10)
                randomizeB(model, seed: 11)
                let out = temporaryFolder("save")
                defer { try? FileManager.default.removeItem(at: out) }
                try model.saveAdapters(to: out, baseModel: "fixtures/\(folder.lastPathComponent)")

                let json = try XCTUnwrap(try readJSON(out.appendingPathComponent("adapter_config.json")) as? [String: Any])
                XCTAssertEqual(json["peft_type"] as? String, "LORA")
                XCTAssertEqual(json["task_type"] as? String, "CAUSAL_LM")
                XCTAssertEqual(json["bias"] as? String, "none")
                XCTAssertEqual(json["r"] as? Int, configuration.rank)
                XCTAssertEqual(json["lora_alpha"] as? Double, configuration.alpha)
                XCTAssertEqual(json["lora_dropout"] as? Double, configuration.dropout)
                XCTAssertEqual(json["target_modules"] as? [String], configuration.targets.map(\.rawValue))
                XCTAssertEqual(json["base_model_name_or_path"] as? String, "fixtures/\(folder.lastPathComponent)")
                XCTAssertEqual(json["layers_to_transform"] as? [Int], layers.map(Array.init))
                let infos = try Safetensors.tensorInfos(out.appendingPathComponent("adapter_model.safetensors"))
                XCTAssertEqual(Set(infos.map(\.name)), Set(model.loraParameters.names))
                XCTAssertTrue(infos.allSatisfy { $0.dtype == .f32 })

                let fresh = try Checkpoint.loadHuggingFace(folder)
                try fresh.loadAdapters(from: out)
                XCTAssertEqual(fresh.loraConfiguration, configuration)
                XCTAssertEqual(fresh.loraParameters.names, model.loraParameters.names)
                for ids in sequences(reference) {
                    XCTAssertEqual(logits(fresh, ids), logits(model, ids), "\(folder.lastPathComponent): reloaded adapters")
                }
                XCTAssertThrowsError(try fresh.loadAdapters(from: out)) { XCTAssertEqual($0 as? LoRAError, .alreadyAttached) }
            }
            XCTAssertThrowsError(try Checkpoint.loadHuggingFace(folder).saveAdapters(to: temporaryFolder("none"))) { error in
                XCTAssertEqual(error as? LoRAError, .notAttached(operation: "saveAdapters"))
            }
        }
    }

    func testMismatchingOrCorruptAdapterFilesGiveClearErrors() throws {
        let all = try models()
        guard let llama = all.first(where: { $0.folder.lastPathComponent.contains("llama") }),
              let qwen = all.first(where: { $0.folder.lastPathComponent.contains("qwen") }) else {
            throw XCTSkip("needs both tiny-llama and tiny-qwen2 fixtures")
        }
        let source = try Checkpoint.loadHuggingFace(llama.folder)
        try source.attachLoRA(LoRAConfiguration(rank: 4, alpha: 8), seed: 12)
        let good = temporaryFolder("good")
        defer { try? FileManager.default.removeItem(at: good) }
        try source.saveAdapters(to: good)

        /// Copies the good folder, lets `change` spoil it, and returns the error of loading it into `model`.
        func loadError(into folder: URL, _ change: (URL) throws -> Void) throws -> String {
            let bad = temporaryFolder("bad")
            defer { try? FileManager.default.removeItem(at: bad) }
            try FileManager.default.copyItem(at: good, to: bad)
            try change(bad)
            let model = try Checkpoint.loadHuggingFace(folder)
            var message = "no error"
            XCTAssertThrowsError(try model.loadAdapters(from: bad)) { message = "\($0)" }
            XCTAssertEqual(model.loraParameters.count, 0, "a failed load leaves no adapter behind")
            return message
        }
        func editConfig(_ folder: URL, _ edit: (inout [String: Any]) -> Void) throws {
            let url = folder.appendingPathComponent("adapter_config.json")
            var json = try XCTUnwrap(try readJSON(url) as? [String: Any])
            edit(&json)
            try JSONSerialization.data(withJSONObject: json).write(to: url)
        }
        let configPath = "adapter_config.json", weightsPath = "adapter_model.safetensors"
        let cases: [(String, URL, (URL) throws -> Void, [String])] = [
            ("other base model", qwen.folder, { _ in }, [weightsPath, "mlp.gate_proj.lora_B.weight", "shape", "another base model"]),
            ("r disagrees with the tensors", llama.folder, { try editConfig($0) { $0["r"] = 3 } }, [weightsPath, "[3, 64]", "shape"]),
            ("config lists fewer modules", llama.folder, { try editConfig($0) { $0["target_modules"] = ["q_proj"] } }, [weightsPath, "does not describe", "down_proj"]),
            ("not LoRA", llama.folder, { try editConfig($0) { $0["peft_type"] = "IA3" } }, [configPath, "peft_type is IA3", "only LoRA"]),
            ("DoRA", llama.folder, { try editConfig($0) { $0["use_dora"] = true } }, [configPath, "use_dora", "hint"]),
            ("regex targets", llama.folder, { try editConfig($0) { $0["target_modules"] = ".*proj" } }, [configPath, "pattern", "by name"]),
            ("unknown module", llama.folder, { try editConfig($0) { $0["target_modules"] = ["fc1"] } }, [configPath, "fc1", "supported"]),
            ("layer outside the model", llama.folder, { try editConfig($0) { $0["layers_to_transform"] = [0, 5] } }, [configPath, "layer 5", "hint"]),
            ("config not JSON", llama.folder, { try Data("{r: 4".utf8).write(to: $0.appendingPathComponent(configPath)) }, [configPath, "not a JSON object"]),
            ("weights missing", llama.folder, { try FileManager.default.removeItem(at: $0.appendingPathComponent(weightsPath)) }, [weightsPath, "not found", "hint"]),
            ("weights truncated", llama.folder, { url in
                let file = url.appendingPathComponent(weightsPath)
                try Data(try Data(contentsOf: file).prefix(200)).write(to: file)
            }, [weightsPath, "hint"]),
        ]
        for (what, model, change, fragments) in cases {
            let message = try loadError(into: model, change)
            for fragment in fragments {
                XCTAssertTrue(message.contains(fragment), "\(what): \"\(fragment)\" not in: \(message)")
            }
        }
    }

    /// The merged model opens in transformers with our logits; with `peft` importable, PEFT applies our adapter
    /// folder with our logits and an adapter PEFT saved (random A and B) gives PEFT's logits here. Needs a Python
    /// with torch and transformers (`$PRORANK_PYTHON`, else the benchmark kit's venv); skipped without one.
    func testMergedModelOpensInTransformersAndAdaptersMatchPEFT() throws {
        let python = ProcessInfo.processInfo.environment["PRORANK_PYTHON"]
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/prorank-bench/venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw XCTSkip("no Python with transformers at \(python); set PRORANK_PYTHON to run this check")
        }
        let script = """
            import json, sys, torch
            from transformers import AutoModelForCausalLM
            base, merged, adapter, peft_out, ids = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], json.loads(sys.argv[5])
            def load(path):
                return AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32, attn_implementation="eager").eval()
            def last(m):
                with torch.no_grad():
                    return m(torch.tensor([ids])).logits[0, -1].tolist()
            out = {"merged": last(load(merged)), "peft": None, "peft_saved": None}
            try:
                from peft import PeftModel, LoraConfig, get_peft_model
            except ImportError:
                PeftModel = None
            if PeftModel is not None:
                out["peft"] = last(PeftModel.from_pretrained(load(base), adapter).eval())
                torch.manual_seed(0)
                config = LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj", "up_proj"], layers_to_transform=[1],
                                    init_lora_weights=False, task_type="CAUSAL_LM")
                trained = get_peft_model(load(base), config).eval()
                trained.save_pretrained(peft_out)
                out["peft_saved"] = last(trained)
            print(json.dumps(out))
            """
        for (folder, reference) in try models() {
            let name = folder.lastPathComponent
            let model = try Checkpoint.loadHuggingFace(folder)
            try model.attachLoRA(LoRAConfiguration(rank: 4, alpha: 8, targets: LoRATarget.allCases), seed: 13)
            randomizeB(model, seed: 14)
            let ids = sequences(reference).last!
            let adapted = lastLogits(model, ids)
            let (adapter, merged, peftSaved) = (temporaryFolder("adapter"), temporaryFolder("merged"), temporaryFolder("peft"))
            defer { for url in [adapter, merged, peftSaved] { try? FileManager.default.removeItem(at: url) } }
            try model.saveAdapters(to: adapter, baseModel: folder.path)
            model.mergeLoRA()
            try model.save(to: merged)

            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = ["-c", script, folder.path, merged.path, adapter.path, peftSaved.path, "\(ids)"]
            process.environment = ProcessInfo.processInfo.environment.merging(["HF_HUB_OFFLINE": "1"]) { $1 }
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0, "\(name): the Python check failed (see its stderr above)")
            let lastLine = String(decoding: data, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
            let result = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(lastLine.utf8)) as? [String: Any], "\(name): no JSON from Python")
            func floats(_ key: String) -> [Float]? { (result[key] as? [Double])?.map(Float.init) }

            let mergedTheirs = try XCTUnwrap(floats("merged"))
            assertLogitsClose(lastLogits(model, ids), mergedTheirs, "\(name): merged checkpoint in transformers")
            assertLogitsClose(adapted, mergedTheirs, "\(name): our adapter vs transformers on the merged checkpoint")
            guard let peftTheirs = floats("peft"), let peftSavedTheirs = floats("peft_saved") else {
                print("LoRATests: peft is not importable by \(python); skipped the PEFT comparisons")
                continue
            }
            assertLogitsClose(adapted, peftTheirs, "\(name): our adapter folder applied by PEFT")
            let fresh = try Checkpoint.loadHuggingFace(folder)
            try fresh.loadAdapters(from: peftSaved)
            XCTAssertEqual(fresh.loraConfiguration, LoRAConfiguration(rank: 4, alpha: 8, targets: [.query, .value, .up]))
            XCTAssertEqual(fresh.loraLayers, [1])
            assertLogitsClose(lastLogits(fresh, ids), peftSavedTheirs, "\(name): PEFT's saved adapter loaded here")
            XCTAssertGreaterThan(relativeMaxDifference(peftSavedTheirs, fresh.withAdaptersDisabled { lastLogits(fresh, ids) }), 1e-3,
                                 "\(name): PEFT's random adapter changes the logits")
        }
    }

    /// |ours − theirs| ≤ 1e-4 · max(1, |theirs|) per logit (the fixtures' float32 tolerance).
    func assertLogitsClose(_ ours: [Float], _ theirs: [Float], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(ours.count, theirs.count, "\(what): vocabulary size", file: file, line: line)
        var worst: Float = 0, at = 0
        for (i, (a, b)) in zip(ours, theirs).enumerated() {
            let excess = abs(a - b) / max(1, abs(b))
            if !(excess <= worst) { worst = excess; at = i }
        }
        XCTAssertLessThanOrEqual(worst, 1e-4, "\(what): logit \(at) is \(ours[at]), expected \(theirs[at])", file: file, line: line)
        print("LoRATests: \(what): max |Δ|/max(1, |ref|) = \(worst)")
    }
}
