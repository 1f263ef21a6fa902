// Dictionary order is unspecified in Swift; iterate sorted keys for stable output.
let ages = ["bo": 3, "al": 5, "cy": 1]
for name in ages.keys.sorted() {
    print(name, ages[name]!) // expect: al 5
}                            // expect: bo 3
// expect: cy 1
print(ages.values.sorted()) // expect: [1, 3, 5]
