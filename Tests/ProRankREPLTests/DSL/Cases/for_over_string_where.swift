// for-in over a String's characters with where.
var vowels = 0
for ch in "education" where "aeiou".contains(ch) {
    vowels += 1
}
print(vowels) // expect: 5
