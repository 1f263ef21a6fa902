// Type declarations are outside the notebook subset; nothing runs.
print("never printed")
struct Point { var x: Int } // expect error: 3:1 'struct' is not supported in notebooks
class Box {} // expect error: 4:1 'class' is not supported in notebooks
enum Mode { case a } // expect error: 5:1 'enum' is not supported in notebooks
