// Integer literals returned from a Double function become Doubles, as in DESIGN.md's reward example.
func reward(_ ok: Bool) -> Double { ok ? 1 : 0 }
print(reward(true), reward(false)) // expect: 1.0 0.0
