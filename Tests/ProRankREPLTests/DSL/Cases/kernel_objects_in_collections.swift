// swiftc: skip (notebook builtins)
// Kernel objects are values like any other: in arrays, dictionaries, closures.
let ds = beir("tiny")
let index = bm25(ds.corpus)
let runs = ["top1": index.search(ds.queries("test"), top: 1), "top3": index.search(ds.queries("test"), top: 3)]
for name in runs.keys.sorted() {
    let m = evaluate(runs[name]!, ds.qrels("test"), metrics: ["recall@3"])
    print(name, m.mean("recall@3"))
}
// expect: top1 0.8333333333333334
// expect: top3 1.0
