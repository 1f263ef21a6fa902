// popLast returns an Optional; while-let style loops use it with if let.
var queue = ["a", "b"]
print(queue.popLast() ?? "none") // expect: b
print(queue.popLast() ?? "none") // expect: a
print(queue.popLast() ?? "none") // expect: none
