// Functions with argument labels, unlabeled parameters and defaults.
func greet(_ name: String, greeting: String = "Hello", times: Int = 1) -> String {
    var parts: [String] = []
    for _ in 0..<times { parts.append("\(greeting), \(name)!") }
    return parts.joined(separator: " ")
}
print(greet("Ada")) // expect: Hello, Ada!
print(greet("Bob", greeting: "Hi")) // expect: Hi, Bob!
print(greet("Cy", times: 2)) // expect: Hello, Cy! Hello, Cy!
func move(from a: Int, to b: Int) -> Int { b - a }
print(move(from: 2, to: 7)) // expect: 5
