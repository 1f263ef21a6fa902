// swiftc: skip (notebook builtins)
// requires: models
// zeroShot: balanced labelled pairs, the greedy answers, format success in [0, 1], p("0") + p("1") > 0; with a first
// stage, the nDCG@10 of zero-shot, first-stage, random and oracle orders of the same candidates (oracle highest).
let ds = beir("tiny")
let m = loadModel("tiny-llama")
let zs = zeroShot(m, ds, split: "test", pairs: 4, maxAnswerTokens: 2)
print(zs.pairs, zs.formatSuccess >= 0 && zs.formatSuccess <= 1, zs.answerMass > 0, zs.answers.count, zs.examples.count)
// expect: 4 true true 4 4
let first = bm25(ds.corpus).search(ds.queries("test"), top: 3)
let ranked = zeroShot(m, ds, split: "test", pairs: 4, firstStage: first, top: 3)
let n = ranked.ndcg!
print(n["oracle"]! >= n["zeroShot"]!, n["oracle"]! >= n["random"]!, n["firstStage"]! == 1.0) // expect: true true true
print(zeroShot(m, ds, split: "test", pairs: 0)) // expect error: 14:7 zeroShot: pairs must be between 1 and 100000, got 0
