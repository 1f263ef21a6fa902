// No suggestion when nothing is close.
print(zzzqqq) // expect error: 2:7 cannot find 'zzzqqq' in scope
