// while with several conditions.
var stack = [1, 2, 3]
var popped: [Int] = []
while !stack.isEmpty, stack.count > 1 {
    popped.append(stack.removeLast())
}
print(popped, stack) // expect: [3, 2] [1]
