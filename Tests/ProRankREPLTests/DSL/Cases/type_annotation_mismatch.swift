// A declared basic type must match the value.
let n: Int = "three" // expect error: 2:14 cannot convert value of type 'String' to specified type 'Int'
