// Endless recursion stops at the depth limit with an error, not a crash.
func down(_ n: Int) -> Int { down(n + 1) }
print("start") // expect: start
print(down(0)) // expect error: 2:30 call depth limit of 1000 nested calls exceeded calling 'down' (endless recursion?)
