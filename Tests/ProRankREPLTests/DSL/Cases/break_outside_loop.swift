// break and continue outside a loop are errors, reported before anything runs (nothing is printed).
print("start")
break // expect error: 3:1 'break' is only allowed inside a loop or switch
