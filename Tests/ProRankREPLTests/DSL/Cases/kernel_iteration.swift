// swiftc: skip (notebook builtins)
// Corpora, queries, judgements and runs are sequences: for-in walks them as labelled tuples.
let ds = beir("tiny")
for query in ds.queries("test") {
    print(query.id, query.text)
}
// expect: q1 cats
// expect: q2 dogs bark
// expect: q3 fish water
for doc in ds.corpus where doc.text.contains("cats") {
    print(doc.id, doc.title)
}
// expect: d1 Cats
// expect: d5 Pets
var relevant = 0
for judgement in ds.qrels("test") where judgement.grade > 0 {
    relevant += 1
}
print(relevant) // expect: 4
for (query, ranking) in bm25(ds.corpus).search(ds.queries("test"), top: 2) {
    print(query, ranking.map { $0.id })
}
// expect: q1 ["d1", "d5"]
// expect: q2 ["d2", "d5"]
// expect: q3 ["d4"]
for x in synthetic(topics: 2, docsPerTopic: 1, seed: 1) { // expect error: 26:10 for-in loop requires a sequence, not a value of type 'Dataset'
    print(x)
}
