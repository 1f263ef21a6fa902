// The stable command-line interfaces of the model issue, run as a user (or a checking script) would:
// tokenize / detokenize / logits / generate against the reference fixtures, and their error messages.

import Foundation
import XCTest

final class ModelCommandsTests: XCTestCase {
    private func fixtures() throws -> URL { try fixturesRoot() }

    private func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    func testTokenizeAndDetokenizeReproduceTheFixtureCases() throws {
        let folder = try fixtures().appendingPathComponent("tokenizers/qwen2")
        let cases = try XCTUnwrap(try json(String(contentsOf: folder.appendingPathComponent("cases.json"), encoding: .utf8)) as? [[String: Any]])
        for testCase in cases.filter({ ($0["category"] as? String) == "special" || ($0["category"] as? String) == "prorank-piece" }).prefix(3) {
            let text = testCase["text"] as! String, ids = testCase["ids"] as! [Int]
            var args = ["tokenize", "--tokenizer", folder.path, "--stdin"]
            if testCase["parse_special"] as? Bool == false { args.insert("--no-special", at: 3) }
            let result = try runCLI(args, stdin: text)
            XCTAssertEqual(result.status, 0, result.err)
            XCTAssertEqual(try json(result.out) as? [Int], ids, "case \(testCase["id"]!)")
            let back = try runCLI(["detokenize", "--tokenizer", folder.path, "--ids", ids.map(String.init).joined(separator: ",")])
            XCTAssertEqual(back.out, (testCase["decoded"] as! String) + "\n", "case \(testCase["id"]!)")
        }
    }

    func testLogitsAndGenerateMatchTransformers() throws {
        let folder = try fixtures().appendingPathComponent("models/tiny-qwen2")
        let reference = try XCTUnwrap(try json(String(contentsOf: folder.appendingPathComponent("reference.json"), encoding: .utf8)) as? [String: Any])
        let sequence = try XCTUnwrap((reference["sequences"] as? [[String: Any]])?.last)
        let ids = (sequence["input_ids"] as! [Int]).map(String.init).joined(separator: ",")
        let result = try runCLI(["logits", "--model", folder.path, "--ids", ids, "--loss"])
        XCTAssertEqual(result.status, 0, result.err)
        let output = try XCTUnwrap(try json(result.out) as? [String: Any])
        XCTAssertEqual(output["positions"] as? [Int], [(sequence["input_ids"] as! [Int]).count - 1])
        let logits = try XCTUnwrap((output["logits"] as? [[Double]])?.first), expected = sequence["last_logits"] as! [Double]
        XCTAssertEqual(logits.count, expected.count)
        for (a, b) in zip(logits, expected) { XCTAssertEqual(a, b, accuracy: 1e-4 * max(1, abs(b))) }
        XCTAssertEqual(output["loss"] as! Double, sequence["loss"] as! Double, accuracy: 1e-5)

        let generated = try runCLI(["generate", "--model", folder.path, "--ids", ids, "--max-tokens", "8", "--json"])
        XCTAssertEqual(generated.status, 0, generated.err)
        let greedy = try XCTUnwrap(try json(generated.out) as? [String: Any])
        // The reference does not stop at end-of-sequence tokens; the command does, so compare up to that point.
        let expectedIDs = sequence["greedy_new_ids"] as! [Int], ours = greedy["ids"] as! [Int]
        let specials = Set((reference["token_ids"] as? [String: Int] ?? [:]).filter { $0.key.hasPrefix("<|") }.values)
        XCTAssertEqual(ours, Array(expectedIDs.prefix(ours.count)))
        XCTAssertTrue(ours.count == expectedIDs.count || specials.contains(ours.last ?? -1), "\(ours) vs \(expectedIDs)")
    }

    /// `logits --grad-norms`: the loss and every parameter's gradient norm, named and ordered as transformers'.
    func testGradientNormsMatchTransformers() throws {
        for name in ["tiny-llama", "tiny-qwen2"] {
            let folder = try fixtures().appendingPathComponent("models/\(name)")
            let reference = try XCTUnwrap(try json(String(contentsOf: folder.appendingPathComponent("reference.json"), encoding: .utf8)) as? [String: Any])
            let gradient = try XCTUnwrap(reference["gradient"] as? [String: Any])
            let sequences = try XCTUnwrap(reference["sequences"] as? [[String: Any]])
            let ids = (sequences[gradient["sequence_index"] as! Int]["input_ids"] as! [Int]).map(String.init).joined(separator: ",")
            let result = try runCLI(["logits", "--model", folder.path, "--ids", ids, "--grad-norms"])
            XCTAssertEqual(result.status, 0, result.err)
            let output = try XCTUnwrap(try json(result.out) as? [String: Any])
            let expectedLoss = gradient["loss"] as! Double
            XCTAssertEqual(output["loss"] as! Double, expectedLoss, accuracy: 1e-5 * max(1, abs(expectedLoss)), name)
            let norms = try XCTUnwrap(output["gradNorms"] as? [String: Double])
            let params = try XCTUnwrap(gradient["params"] as? [[String: Any]])
            XCTAssertEqual(Set(norms.keys), Set(params.map { $0["name"] as! String }), name)
            for p in params {
                let expected = p["l2_norm"] as! Double, got = try XCTUnwrap(norms[p["name"] as! String])
                XCTAssertEqual(got, expected, accuracy: 1e-3 * max(1e-6, expected), "\(name) \(p["name"]!)")
            }
        }
    }

    func testBadInputGetsAClearError() throws {
        let model = try fixtures().appendingPathComponent("models/tiny-llama").path
        let outOfRange = try runCLI(["logits", "--model", model, "--ids", "1,99999"])
        XCTAssertNotEqual(outOfRange.status, 0)
        XCTAssertTrue(outOfRange.err.contains("99999") && outOfRange.err.contains("vocabulary"), outOfRange.err)
        let notANumber = try runCLI(["logits", "--model", model, "--ids", "1,x"])
        XCTAssertNotEqual(notANumber.status, 0)
        XCTAssertTrue(notANumber.err.contains("\"x\""), notANumber.err)
        let config = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: model + "/config.json"))) as? [String: Any])
        let positions = try XCTUnwrap(config["max_position_embeddings"] as? Int)
        let tooLong = try runCLI(["generate", "--model", model, "--ids", "1,2", "--max-tokens", String(positions)])
        XCTAssertNotEqual(tooLong.status, 0)
        XCTAssertTrue(tooLong.err.contains("exceed the model's \(positions) positions (hint: --max-tokens \(positions - 2))"), tooLong.err)
        let missing = try runCLI(["generate", "--model", "/no/such/model", "--ids", "1"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.err.contains("/no/such/model") && missing.err.contains("hint"), missing.err)
        let corrupt = FileManager.default.temporaryDirectory.appendingPathComponent("corrupt-\(UUID().uuidString).gguf")
        try Data("GGUF not really".utf8).write(to: corrupt)
        defer { try? FileManager.default.removeItem(at: corrupt) }
        let bad = try runCLI(["logits", "--model", corrupt.path, "--ids", "1"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.err.contains(corrupt.lastPathComponent), bad.err)
    }
}
