// An integer literal too large for Int is rejected before running.
let n = 99999999999999999999 // expect error: 2:9 integer literal '99999999999999999999' overflows when stored into 'Int'
