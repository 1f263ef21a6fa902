// fatalError stops the run with its message.
print("start") // expect: start
fatalError("giving up") // expect error: 3:1 fatal error: giving up
