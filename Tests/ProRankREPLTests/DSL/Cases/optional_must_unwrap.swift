// Arithmetic on an Optional needs unwrapping first.
let d = ["a": 1]
let v = d["a"] + 1 // expect error: 3:16 value of optional type 'Int?' must be unwrapped to use '+'; use '!' or '??'
