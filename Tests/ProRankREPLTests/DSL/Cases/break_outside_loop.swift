// break and continue outside a loop are errors.
print("start") // expect: start
break // expect error: 3:1 'break' is only allowed inside a loop or switch
