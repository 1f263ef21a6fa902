// Bodies that always return pass the check: if/else chains, switches, fatalError, `while true` without break.
func sign(_ x: Int) -> Int {
    if x > 0 {
        return 1
    } else if x < 0 {
        return -1
    } else {
        return 0
    }
}
func name(_ n: Int) -> String {
    switch n {
    case 0: return "zero"
    case 1: return "one"
    default: return "many"
    }
}
func firstEven(_ xs: [Int]) -> Int {
    var i = 0
    while true {
        if xs[i] % 2 == 0 { return xs[i] }
        i += 1
    }
}
func check(_ ok: Bool) -> Int {
    guard ok else { fatalError("not ok") }
    return 1
}
func loops() -> Int {
    for x in 0..<10 {
        switch x {
        case 3: break
        default: continue
        }
        return x
    }
    fatalError("unreachable")
}
print(sign(-4), sign(0), name(1), firstEven([3, 5, 8]), check(true), loops()) // expect: -1 0 one 8 1 3
