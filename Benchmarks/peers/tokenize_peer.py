#!/usr/bin/env python3
"""Hugging Face tokenizers peer of prorank-bench's `tokenize` (Sources/prorank-bench/TokenizeBench.swift): encoding
throughput on the SciFact corpus, every document as title + " " + text, no special tokens added, ONE thread.

    configs  qwen2_scifact    fixtures/tokenizers/qwen2/tokenizer.json    (Qwen2 / Qwen2.5 BPE)
             smollm2_scifact  fixtures/tokenizers/smollm2/tokenizer.json  (SmolLM2 BPE)
    impl "hf_tokenizers"        Tokenizer.encode(doc, add_special_tokens=False) for each document
    impl "hf_tokenizers-batch"  Tokenizer.encode_batch(docs, add_special_tokens=False), one Rayon thread

Metric: MB/s of UTF-8 input (median over reps; one call = the whole corpus). RAYON_NUM_THREADS=1 and
TOKENIZERS_PARALLELISM=false are set before tokenizers is imported; own_cores in the line shows it stayed on one
core. Timing (warm-up 1 call, 1 calibration call, reps of k calls lasting >= 0.25 s) is the shared kit's
bench_common.time_reps, found through --shared DIR or the SHARED environment variable (DIR/bench/bench_common.py).

    python tokenize_peer.py [--reps R] [--shared DIR] [--data DIR] [--fixtures DIR] [--configs SUBSTR[,SUBSTR]] [--out FILE]
"""
import argparse
import os
import sys

os.environ["RAYON_NUM_THREADS"] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"

BENCH = "tokenize"
CONFIGS = [("qwen2_scifact", "qwen2"), ("smollm2_scifact", "smollm2")]


def import_bench_common(shared):
    """bench_common from SHARED/bench (the timing loop, load meter and JSON writer the other peers use)."""
    if not shared:
        sys.exit("tokenize_peer.py: give --shared DIR or set SHARED (the folder that holds bench/bench_common.py)")
    path = os.path.join(os.path.abspath(shared), "bench")
    if not os.path.isfile(os.path.join(path, "bench_common.py")):
        sys.exit(f"tokenize_peer.py: {path}/bench_common.py not found (check --shared / SHARED)")
    sys.path.insert(0, path)
    import bench_common
    return bench_common


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=5, help="timed repetitions; the value is their median (default 5)")
    ap.add_argument("--shared", default=os.environ.get("SHARED"), help="folder holding bench/bench_common.py")
    ap.add_argument("--data", help="SciFact folder with corpus.jsonl (default SHARED/data/scifact)")
    ap.add_argument("--fixtures", help="fixtures folder (default SHARED/fixtures)")
    ap.add_argument("--configs", default="", help="only configs containing one of these comma-separated substrings")
    ap.add_argument("--out", help="also append the JSON lines to this file")
    a = ap.parse_args()
    bc = import_bench_common(a.shared)
    shared = os.path.abspath(a.shared)
    data = a.data or os.path.join(shared, "data", "scifact")
    fixtures = a.fixtures or os.path.join(shared, "fixtures")

    import tokenizers
    from tokenizers import Tokenizer

    docs = [d.get("title", "") + " " + d.get("text", "") for d in bc.load_jsonl(os.path.join(data, "corpus.jsonl"))]
    nbytes = sum(len(d.encode("utf-8")) for d in docs)
    wanted = [s for s in a.configs.split(",") if s]
    for config, name in CONFIGS:
        if wanted and not any(s in config for s in wanted):
            continue
        path = os.path.join(fixtures, "tokenizers", name, "tokenizer.json")
        tok = Tokenizer.from_file(path)
        bc.log(f"{BENCH} {config}: {len(docs)} documents, {nbytes} bytes, tokenizers {tokenizers.__version__}")
        counts = []

        def per_document():
            counts.append(sum(len(tok.encode(d, add_special_tokens=False).ids) for d in docs))

        def batch():
            counts.append(sum(len(e.ids) for e in tok.encode_batch(docs, add_special_tokens=False)))

        for impl, fn, note in [
                ("hf_tokenizers", per_document, "Tokenizer.encode(doc, add_special_tokens=False) per document, one thread"),
                ("hf_tokenizers-batch", batch, "Tokenizer.encode_batch(docs, add_special_tokens=False), RAYON_NUM_THREADS=1")]:
            times, k, lm = bc.time_reps(fn, a.reps, warmup=1, min_rep_s=0.25)
            bc.emit(impl, BENCH, config, "mb_per_s", [nbytes / 1e6 / t for t in times], "MB/s", 1, out=a.out, extra=dict(
                documents=len(docs), bytes=nbytes, tokens=counts[-1], calls_per_rep=k, **lm.fields(),
                tokenizers=tokenizers.__version__, note=note + "; documents are title + \" \" + text"))


if __name__ == "__main__":
    main()
