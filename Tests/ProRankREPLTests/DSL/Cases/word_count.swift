// Counting words with a dictionary, then sorting by count.
let text = "the cat and the hat and the bat"
var counts: [String: Int] = [:]
for word in text.split(separator: " ") {
    counts[String(word), default: 0] += 1
}
let top = counts.keys.sorted { counts[$0]! > counts[$1]! || (counts[$0]! == counts[$1]! && $0 < $1) }
for word in top.prefix(2) {
    print(word, counts[word]!) // expect: the 3
}                              // expect: and 2
