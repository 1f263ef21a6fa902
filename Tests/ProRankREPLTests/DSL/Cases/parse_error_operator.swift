// An operator without its right operand.
let y = 1 + // expect error: 2:12 expected expression after operator
