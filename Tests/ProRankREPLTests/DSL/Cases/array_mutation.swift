// Mutating array methods.
var xs = [3, 1, 2]
xs.append(4)
xs.append(contentsOf: [5, 6])
xs.insert(0, at: 0)
print(xs) // expect: [0, 3, 1, 2, 4, 5, 6]
print(xs.remove(at: 1)) // expect: 3
print(xs.removeLast(), xs.removeFirst()) // expect: 6 0
xs.sort()
print(xs) // expect: [1, 2, 4, 5]
xs.sort(by: >)
print(xs) // expect: [5, 4, 2, 1]
xs.reverse()
print(xs, xs.count, xs.isEmpty) // expect: [1, 2, 4, 5] 4 false
xs.removeAll()
print(xs, xs.isEmpty) // expect: [] true
var grid = [[0, 0], [0, 0]]
grid[1][0] = 7
grid[0].append(9)
print(grid) // expect: [[0, 0, 9], [7, 0]]
