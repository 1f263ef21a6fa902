// Closures created in a loop capture that iteration's constant.
var fs: [() -> Int] = []
for i in 0..<3 {
    fs.append({ i * 10 })
}
print(fs.map { $0() }) // expect: [0, 10, 20]
