// Dictionaries: literals, subscripts (optional results), default:, updates, removal.
var counts: [String: Int] = [:]
for w in ["a", "b", "a"] {
    counts[w, default: 0] += 1
}
print(counts["a"]!, counts["b"]!, counts["c"] == nil) // expect: 2 1 true
counts["b"] = nil
print(counts) // expect: ["a": 2]
counts["c"] = 5
print(counts.count, counts.keys.sorted()) // expect: 2 ["a", "c"]
print(counts.removeValue(forKey: "a")!) // expect: 2
print(counts) // expect: ["c": 5]
let empty: [String: Int] = [:]
print(empty, empty.isEmpty) // expect: [:] true
for (k, v) in ["only": 1] { print(k, v) } // expect: only 1
