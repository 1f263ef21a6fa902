#!/usr/bin/env python3
"""Writes BENCHMARKS.md from the JSON lines of one benchmark run (Benchmarks/run.sh, `make bench`): a machine
line, one table per benchmark with our figures beside the peers' and their ratio, the issue's targets with
PASS/MISS, and the command that reproduces it. Only numbers found in the given files appear. Standard library only.

    python3 Benchmarks/report.py --out BENCHMARKS.md --command "make bench" out/bench/*.jsonl

Ratios are oriented so that > 1 means ProRank is better: ours/peer for throughput (GFLOP/s), peer/ours for
seconds.
"""
import argparse
import json
import os
import sys

OURS = "prorank"
HASWELL = "prorank-haswell"
LABELS = {
    "prorank": "ProRank",
    "prorank-haswell": "ProRank (Haswell kernels)",
    "prorank-coldcache": "ProRank (cold word cache)",
    "prorank-rawblas": "raw cblas_sgemm (BLAS.gemm)",
    "prorank-rawblas-haswell": "raw cblas_sgemm (Haswell kernels)",
    "torch": "PyTorch",
    "numpy": "NumPy",
    "hf_tokenizers": "HF tokenizers",
    "hf_tokenizers-batch": "HF tokenizers (encode_batch, 1 thread)",
    "rank_bm25": "rank_bm25",
    "bm25s": "bm25s",
}
# Our lines, in the order of the table columns; the peers after them.
OUR_IMPLS = [OURS, HASWELL, "prorank-coldcache", "prorank-rawblas", "prorank-rawblas-haswell"]
PEERS = ["torch", "numpy", "hf_tokenizers", "hf_tokenizers-batch", "rank_bm25", "bm25s"]
# Which of our lines get a ratio column against each peer, per benchmark (default: ProRank only).
RATIO_IMPLS = {"forward": [OURS, HASWELL], "train_step": [OURS, HASWELL]}
# Benchmarks in this order first, then any others in the order of the files.
ORDER = ["gemm", "mlp_step", "forward", "train_step", "rerank", "grpo_step", "score_step", "tokenize", "bm25_index",
         "bm25_query", "bm25_ndcg"]
# Benchmarks whose peer lines carry other config names than ours: (our config, peer config, what the peer is).
SCORE_CONFIG = "smollm2_l2x8_last6"
PAIRED = {
    "grpo_step": [("tiny", "tiny_manual", "hand-written PyTorch step"),
                  ("tiny", "tiny_trl", "TRL GRPOTrainer"),
                  ("tiny", "tiny_trl_gc", "TRL GRPOTrainer, gradient checkpointing"),
                  ("smollm2", "smollm2_manual", "hand-written PyTorch step")],
    "score_step": [(SCORE_CONFIG, SCORE_CONFIG, "PyTorch float32"),
                   (SCORE_CONFIG, SCORE_CONFIG + "_bf16", "PyTorch, bf16 autocast"),
                   (SCORE_CONFIG + "_trunkcache", SCORE_CONFIG, "PyTorch float32 (recomputes its trunk every step)")],
}
# Pairings shown without a ratio: not the same work on both sides.
NOT_COMPARED = {("score_step", SCORE_CONFIG + "_trunkcache")}
LOWER_IS_BETTER = {"s_per_step", "index_s"}
# How seconds are shown per benchmark: (factor, decimals, unit shown).
SECONDS_SHOWN = {"train_step": (1, 3, "s per step"), "grpo_step": (1, 3, "s per step"), "score_step": (1, 3, "s per step")}
DEFAULT_SECONDS_SHOWN = (1e3, 2, "ms per step")
HASWELL_NOTE = ("\"ProRank (Haswell kernels)\" is the same binary run with `OPENBLAS_CORETYPE=Haswell` (the "
                "AVX2 kernels this machine's shell selects by default), every other line with it unset.")
WHAT = {
    "bm25_index": "BM25 index build on SciFact (5,183 documents, title + \" \" + text): tokenize + index, seconds. Configs "
                  "`plain` (no stemming, k1 1.5, b 0.75) and `porter` (Porter stemming, k1 0.9, b 0.4). Peers: rank_bm25 "
                  "and bm25s on bm25s.tokenize token lists (`shared/bench/bm25_ref.py`); ours uses its own analyzer "
                  "(Lucene's 33 stop words, Porter's reference stemmer).",
    "bm25_query": "300 SciFact test queries: tokenize + score + top 100, queries per second (one thread).",
    "bm25_ndcg": "nDCG@10 (trec_eval linear gain) of the top-100 BM25 run on the SciFact test split; a document whose id "
                 "equals the query id is dropped (BEIR convention), as in the peer script.",
    "gemm": "`Tensor.matmul(a, b)`, float32 n×n·n×n row-major, a and b ~ N(0,1); GFLOP/s = 2n³ / seconds per call. "
            "Peers: `torch.mm(A, B, out=C)` (PyTorch's CPU wheel uses MKL, which runs AVX2 kernels on this AMD CPU) "
            "and `np.matmul(A, B, out=C)` (NumPy's bundled OpenBLAS). The raw cblas line is `BLAS.gemm` into a "
            "preallocated C, the ceiling of `Tensor.matmul` (whose result is a new tensor each call).",
    "mlp_step": "One training step of a 4-layer MLP (width 1024, batch 64, biases, ReLU between layers): forward + "
                "MSE loss + backward + AdamW step (lr 1e-4, betas 0.9/0.999, eps 1e-8, weight decay 0.01) + "
                "zero grad. Peer: the same in PyTorch (`nn.Linear`, `F.mse_loss`, `torch.optim.AdamW` default "
                "implementation), `Benchmarks/peers/mlp_step.py`.",
    "forward": "Decoder forward under no-grad, float32, **logits for every position** (batch × seq × vocab); "
               "tokens/s = batch·seq / seconds per call; token ids uniform random. `tiny`: the peer kit's random-init "
               "Llama (vocab 4096, hidden 128, 4 layers, 4 heads / 2 KV heads, intermediate 344, tied); `smollm2`: "
               "SmolLM2-135M-Instruct (float32; ours from the model store, the peer's from `shared/bench/models.sh`). "
               "Peer: `model(input_ids=x)` under `torch.inference_mode()` (transformers, SDPA attention), "
               "`shared/bench/torch_ref.py --only forward`. " + HASWELL_NOTE,
    "train_step": "One training step: mean next-token cross-entropy over batch·(seq−1) positions + backward + "
                  "AdamW (lr 1e-5, betas 0.9/0.999, eps 1e-8, weight decay 0.01, all parameters) + zero grad, "
                  "float32. Peer: `model(input_ids=x, labels=x).loss` + `backward()` + `torch.optim.AdamW` "
                  "(default CPU implementation) + `zero_grad(set_to_none=True)`, `shared/bench/torch_ref.py "
                  "--only train_step`. " + HASWELL_NOTE,
    "rerank": "ProRank reranking on SmolLM2-135M-Instruct (float32): the mxbai-rerank-v2 prompt, documents cut to "
              "256 tokens, 24 SciFact query–document pairs of `shared/bench/rerank_pairs.tsv` (every 20th) in batches "
              "of 8, left-padded to a multiple of 8; score = z[\"1\"] − z[\"0\"] at the last position; pairs/s, "
              "tokenization not timed. Ours: `Reranker.scores(prompts:)` (two LM-head rows only); its line carries "
              "the largest difference from the peer's reference scores. Peer: transformers with `logits_to_keep=1`, "
              "`shared/bench/torch_ref.py --only rerank`.",
    "grpo_step": "One GRPO optimisation step (stage 1), float32, one thread: G = 8 completions per prompt of ≤ 2 new "
                 "tokens sampled at temperature 1 (top-k 0, top-p 1), rewards, group advantages (r − mean) / (std + "
                 "1e-4), reference log-probs (β 0.04, k3 KL), policy forward + backward of the clipped objective (ε "
                 "0.2, loss `grpo`, μ 1), gradient clip 1.0, AdamW (lr 1e-6, wd 0, all parameters), zero grad. `tiny`: "
                 "the peer kit's random-init tiny Llama, 2 prompts × 8 per step, 256 random prompt ids in [3, 4096), "
                 "EOS 1, reward 1 when the first completion id is even. `smollm2`: SmolLM2-135M-Instruct, 1 prompt × 8, "
                 "pair 0 of `shared/bench/rerank_pairs.tsv` (353 prompt tokens), EOS `<|im_end|>`, reward = [first "
                 "token is \"0\" or \"1\"] + [first token is the qrels label]. Ours: `GRPOTrainer.step()` "
                 "(`Sources/prorank-bench/GRPOBench.swift`; the prompt is run once and its keys/values shared by the G "
                 "completions, for sampling and for the log-probs); its `phases_median_s` come from extra steps replayed "
                 "by hand from the trainer's public calls, after the timed ones. Peers: `shared/bench/torch_ref.py --only "
                 "grpo_step` — a hand-written PyTorch step (`grpo_step_fn`: `model.generate`, full forwards over prompt + "
                 "completion with `logits_to_keep`) and TRL 1.16's `GRPOTrainer` (tiny only). Prompt ids are drawn by "
                 "each side's own generator (same distribution, not the same ids).",
    "score_step": "One step of stage-2 score learning on SmolLM2-135M-Instruct, one thread: 2 lists × 8 candidates "
                  "(the positive + the first 7 non-relevant BM25 documents of the first two queries of "
                  "`shared/bench/rerank_pairs.tsv` that have exactly one relevant document in SciFact's test qrels; "
                  "the same prompts on both sides, the mxbai-rerank-v2 template with documents cut to 256 tokens), "
                  "each list one left-padded batch; the last 6 of 30 layers + final norm trainable, the trunk (first "
                  "24 layers) without autograd; s = z[\"1\"] − z[\"0\"] at the last position from two head rows; "
                  "listwise softmax cross-entropy; clip 1.0; AdamW (lr 1e-4, wd 0). Ours: "
                  "`ScoreLearningTrainer.step()` with `Trainable.lastLayers(6)`, float32 (its prompts are tokenized "
                  "inside the step; the peer tokenizes before timing). Peer: `Benchmarks/peers/score_step.py` "
                  "(transformers, trunk under `torch.no_grad`, `torch.optim.AdamW` default implementation), float32 "
                  "and under `torch.autocast(\"cpu\", bfloat16)`. Both report the first step's loss "
                  "(`loss_first_step`), equal when the inputs are. Ours runs with the trainer's frozen-trunk cache "
                  "off (`trunkCacheBytes = 0`), so its trunk runs every step as the peer's does; the `_trunkcache` "
                  "line is the same step with the cache on and warm (the same two lists every step, so only the top "
                  "6 layers run: what a later epoch costs), shown for information and not compared.",
    "tokenize": "Byte-level BPE encoding of the SciFact corpus (each document title + \" \" + text, one encode "
                "per document, no special tokens added); MB/s of input UTF-8 text, one call = the whole corpus. "
                "\"ProRank\" is the steady state (word cache warm), \"cold word cache\" the first pass of a freshly "
                "loaded tokenizer. Peer: Hugging Face `tokenizers` on one thread (`Tokenizer.encode` per document, and "
                "`encode_batch` with `RAYON_NUM_THREADS=1`), `Benchmarks/peers/tokenize_peer.py`.",
}


def load(paths):
    lines = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                raw = raw.strip()
                if not raw:
                    continue
                try:
                    lines.append(json.loads(raw))
                except json.JSONDecodeError as e:
                    sys.exit(f"report.py: {path}:{n}: not a JSON line ({e})")
    return lines


def find(lines, impl, bench, config):
    return next((r for r in lines if r["impl"] == impl and r["bench"] == bench and r["config"] == config), None)


def seconds_shown(bench):
    return SECONDS_SHOWN.get(bench, DEFAULT_SECONDS_SHOWN)


def fmt(x, metric, bench=None):
    """A figure in the table's unit (seconds per step as seconds or milliseconds, see SECONDS_SHOWN)."""
    if x is None:
        return "—"
    if metric == "s_per_step":
        factor, decimals, _ = seconds_shown(bench)
        return f"{x * factor:.{decimals}f}"
    if metric.startswith("ndcg"):
        return f"{x:.4f}"
    if metric == "index_s" or metric == "pairs_per_s":
        return f"{x:.3f}"
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.1f}"


def cell(r):
    """median (min–max), plus a warning when other processes used CPU during the reps."""
    if r is None:
        return "—"
    m, b = r["metric"], r["bench"]
    s = fmt(r["value"], m, b)
    if "min" in r and "max" in r:
        s += f" ({fmt(r['min'], m, b)}–{fmt(r['max'], m, b)})"
    if (r.get("other_cores") or 0) > 0.2:
        s += f" ⚠ other processes {r['other_cores']} cores"
    return s


def ratio(ours, peer):
    """> 1 = ours better."""
    if ours is None or peer is None or not ours["value"] or not peer["value"]:
        return None
    q = ours["value"] / peer["value"]
    return 1 / q if ours["metric"] in LOWER_IS_BETTER else q


def ratio_text(q):
    if q is None:
        return "—"
    return f"{q:.2f}× ({'ProRank' if q >= 1 else 'peer'} better)"


def sgemm_peak(lines):
    """The machine's sgemm peak of this run: our raw cblas_sgemm GFLOP/s at n1024 (OPENBLAS_CORETYPE unset)."""
    return find(lines, "prorank-rawblas", "gemm", "n1024")


def linear_fraction(r, peak):
    """gflops_linear of a forward line / the sgemm peak."""
    if r is None or peak is None or r.get("gflops_linear") is None or not peak["value"]:
        return None
    return r["gflops_linear"] / peak["value"]


def machine_section(lines, peer_available):
    ours_env = next((r for r in lines if r["bench"] == "env" and r["impl"] == OURS), {})
    torch_env = next((r for r in lines if r["bench"] == "env" and r["impl"] == "torch"), {})
    numpy_core = next((r.get("blas_core") for r in lines if r["impl"] == "numpy" and r.get("blas_core")), None)
    family = f" ({ours_env['cpu_family_model']})" if ours_env.get("cpu_family_model") else ""
    haswell_env = next((r for r in lines if r["bench"] == "env" and r["impl"] == HASWELL), None)
    hf_env = next((r for r in lines if r["impl"] == "hf_tokenizers" and r.get("tokenizers")), None)
    out = [f"- **Machine**: {ours_env.get('cpu', '?')}{family}, {ours_env.get('nproc', '?')} vCPUs; "
           f"OpenBLAS core `{ours_env.get('blas_core', '?')}` (Debian's libopenblas); "
           f"ProRankKit {ours_env.get('prorank', '?')} ({ours_env.get('build', '?')} build)",
           f"- **Date**: {ours_env.get('time', '?')}; 1-minute load average at the start: ours "
           f"{ours_env.get('load1', '?')}" + (f", peer {torch_env.get('load1', '?')}" if torch_env else ""),
           f"- **Threads**: {ours_env.get('threads', '?')} for every measurement; `OPENBLAS_CORETYPE` and "
           "`OPENBLAS_L2_SIZE` unset for every process (both sides)"
           + (f", except the \"Haswell kernels\" lines: `OPENBLAS_CORETYPE={haswell_env.get('OPENBLAS_CORETYPE', '?')}`"
              f" (OpenBLAS core `{haswell_env.get('blas_core', '?')}`)" if haswell_env else "")]
    if peer_available:
        out.append(f"- **Peer**: PyTorch {torch_env.get('torch', '?')} ({torch_env.get('blas', '?').strip('- ')})"
                   + (f"; NumPy's OpenBLAS core `{numpy_core}`" if numpy_core else "")
                   + (f"; HF tokenizers {hf_env['tokenizers']}" if hf_env else ""))
    else:
        out.append("- **Peer**: not available in this run (no shared kit or no venv), so only ProRank's figures "
                   "are shown and the comparisons with PyTorch are not made")
    return out


def bench_section(lines, bench):
    rows = [r for r in lines if r["bench"] == bench and r["value"] is not None]
    # In the order of our main run's lines (the Haswell run covers fewer configs), then any others.
    configs = list(dict.fromkeys([r["config"] for r in rows if r["impl"] == OURS] + [r["config"] for r in rows]))
    known = OUR_IMPLS + PEERS
    others = list(dict.fromkeys(r["impl"] for r in rows if r["impl"] not in known))
    impls = [i for i in known + others if any(r["impl"] == i for r in rows)]
    peers = [i for i in PEERS if i in impls]
    compared = [i for i in RATIO_IMPLS.get(bench, [OURS]) if i in impls]
    metric, unit = rows[0]["metric"], rows[0]["unit"]
    better = "lower" if metric in LOWER_IS_BETTER else "higher"
    shown_unit = seconds_shown(bench)[2] if metric == "s_per_step" else unit
    out = [f"## {bench} ({shown_unit}, {better} is better)", "", WHAT.get(bench, ""), ""]
    head = ["config"] + [LABELS.get(i, i) for i in impls]
    if "prorank-rawblas" in impls:
        head.append("ProRank / raw cblas")
    head += [f"{LABELS[o]} vs {LABELS[p]}" for o in compared for p in peers]
    out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for config in configs:
        cells = [f"`{config}`"] + [cell(find(rows, i, bench, config)) for i in impls]
        ours = find(rows, OURS, bench, config)
        if "prorank-rawblas" in impls:
            r = ours.get("ratio_to_rawblas") if ours else None
            cells.append(f"{100 * r:.1f} %" if r is not None else "—")
        cells += [ratio_text(ratio(find(rows, o, bench, config), find(rows, p, bench, config)))
                  for o in compared for p in peers]
        out.append("| " + " | ".join(cells) + " |")
    if bench == "forward":
        out += linear_table(lines, rows, impls, configs)
    out += phases_table(rows, impls, bench, configs)
    out.append("")
    return out


def paired_section(lines, bench):
    """A benchmark whose peer lines have their own config names (PAIRED): one row per (ours, peer) pairing."""
    rows = [r for r in lines if r["bench"] == bench]
    shown = seconds_shown(bench)[2]
    out = [f"## {bench} ({shown}, lower is better)", "", WHAT.get(bench, ""), "",
           "| our config | ProRank | peer | peer config | peer's figure | ProRank vs peer |", "|---|---|---|---|---|---|"]
    pairs = [p for p in PAIRED[bench] if find(rows, OURS, bench, p[0]) or find(rows, "torch", bench, p[1])]
    for ours_config, peer_config, what in pairs:
        ours, peer = find(rows, OURS, bench, ours_config), find(rows, "torch", bench, peer_config)
        if peer is not None and peer["value"] is None:
            peer_cell = "not measured" + (f" ({peer['error']})" if peer.get("error") else "")
        else:
            peer_cell = cell(peer) if peer else "not run"
        ours_cell = cell(ours) if ours and ours["value"] is not None else "not measured"
        q = ratio(ours, peer) if ours and peer and peer["value"] is not None and ours["value"] is not None else None
        shown = "not compared (not the same work)" if (bench, ours_config) in NOT_COMPARED else ratio_text(q)
        out.append(f"| `{ours_config}` | {ours_cell} | {what} | `{peer_config}` | {peer_cell} | {shown} |")
    factor, decimals, unit = seconds_shown(bench)
    for ours_config in dict.fromkeys(p[0] for p in pairs if (bench, p[0]) not in NOT_COMPARED):
        have = [(f"ProRank `{ours_config}`", find(rows, OURS, bench, ours_config))]
        have += [(f"{what} `{pc}`", find(rows, "torch", bench, pc)) for oc, pc, what in pairs if oc == ours_config]
        have = [(n, r) for n, r in have if r and r.get("phases_median_s")]
        if not have:
            continue
        names = list(dict.fromkeys(n for _, r in have for n in r["phases_median_s"]))
        out += ["", f"Phases of `{ours_config}` (median seconds per step; ours from extra steps replayed from the "
                "trainer's public calls after the timed ones, the peers' from their timed steps):", "",
                "| phase | " + " | ".join(n for n, _ in have) + " |", "|" + "---|" * (len(have) + 1)]
        for n in names:
            vals = [r["phases_median_s"].get(n) for _, r in have]
            out.append(f"| {n} | " + " | ".join("—" if v is None else f"{v * factor:.{decimals}f}" for v in vals) + " |")
    out.append("")
    return out


def training_targets_section(lines):
    """Issue 9's targets for GRPO and score learning."""
    if not any(r["bench"] in ("grpo_step", "score_step") for r in lines):
        return []
    out = ["## Targets of the training-speed issue (GRPO and score learning)", "",
           "| target | measured in this run | result |", "|---|---|---|"]

    def speed(label, bench, ours_config, peer_config, need):
        ours, peer = find(lines, OURS, bench, ours_config), find(lines, "torch", bench, peer_config)
        if ours is None or ours["value"] is None:
            out.append(f"| {label} | ProRank not measured | — |")
        elif peer is None or peer["value"] is None:
            why = f" ({peer['error']})" if peer and peer.get("error") else ""
            out.append(f"| {label} | {ours['value']:.3f} s per step; peer `{peer_config}` not measured in this run{why} | — |")
        else:
            q = ratio(ours, peer)
            out.append(f"| {label} | {ours['value']:.3f} s vs {peer['value']:.3f} s per step: {q:.2f}× | "
                       f"{'met' if q >= need else 'not met'} |")

    speed("GRPO step, tiny: ≥ 3× the hand-written PyTorch step (`tiny_manual`)", "grpo_step", "tiny", "tiny_manual", 3)
    speed("GRPO step, tiny: ≥ 8× TRL (`tiny_trl`)", "grpo_step", "tiny", "tiny_trl", 8)
    ours, peer = find(lines, OURS, "grpo_step", "smollm2"), find(lines, "torch", "grpo_step", "smollm2_manual")
    label = "GRPO step, SmolLM2 (1 prompt × 8): < 10 s per step"
    if ours is None or ours["value"] is None:
        out.append(f"| {label} | ProRank not measured | — |")
    else:
        beside = (f" (peer `smollm2_manual` {peer['value']:.3f} s: {ratio(ours, peer):.2f}×)"
                  if peer and peer["value"] is not None else " (peer not measured in this run)")
        out.append(f"| {label} | {ours['value']:.3f} s per step{beside} | {'met' if ours['value'] < 10 else 'not met'} |")
    speed("score-learning step, SmolLM2 last 6 layers: ≥ 1.5× the float32 PyTorch peer", "score_step", SCORE_CONFIG,
          SCORE_CONFIG, 1.5)
    return out + [""]


def linear_table(lines, rows, impls, configs):
    """Matmul throughput of the forward lines, and its fraction of this run's sgemm peak."""
    peak = sgemm_peak(lines)
    have = [i for i in impls if any(r["impl"] == i and r.get("gflops_linear") is not None for r in rows)]
    if not have:
        return []
    peak_text = f"{peak['value']:.1f} GFLOP/s" if peak else "not measured in this run"
    out = ["", "Matmul throughput: `gflops_linear` = 2 × (parameters that take part in a matmul per token) × "
           "tokens/s (the attention score/value products not counted); **% of sgemm peak** = `gflops_linear` / our "
           f"raw cblas_sgemm GFLOP/s at n1024 in this run (`OPENBLAS_CORETYPE` unset: {peak_text}).", "",
           "| config | " + " | ".join(f"{LABELS.get(i, i)} GFLOP/s | % of sgemm peak" for i in have) + " |",
           "|" + "---|" * (1 + 2 * len(have))]
    for config in configs:
        cells = [f"`{config}`"]
        for i in have:
            r = find(rows, i, "forward", config)
            g = r.get("gflops_linear") if r else None
            f = linear_fraction(r, peak)
            cells += ["—" if g is None else f"{g:.1f}", "—" if f is None else f"{100 * f:.1f} %"]
        out.append("| " + " | ".join(cells) + " |")
    return out


def phases_table(rows, impls, bench, configs):
    out = []
    for config in configs:
        have = [(i, find(rows, i, bench, config)) for i in impls]
        have = [(i, r) for i, r in have if r and r.get("phases_median_s")]
        if not have:
            continue
        names = list(dict.fromkeys(n for _, r in have for n in r["phases_median_s"]))
        factor, decimals, shown = seconds_shown(bench)
        out += ["", f"Phases of `{config}` (median over reps of the time per step, {shown.split()[0]}):", "",
                "| phase | " + " | ".join(LABELS.get(i, i) for i, _ in have) + " |", "|" + "---|" * (len(have) + 1)]
        for n in names:
            vals = [r["phases_median_s"].get(n) for _, r in have]
            out.append(f"| {n} | " + " | ".join("—" if v is None else f"{v * factor:.{decimals}f}" for v in vals)
                       + " |")
    return out


def targets_section(lines, peer_available):
    out = ["## Targets of the foundation issue", "", "| target | measured in this run | result |", "|---|---|---|"]
    mm = find(lines, OURS, "gemm", "n1024")
    raw = find(lines, "prorank-rawblas", "gemm", "n1024")
    if mm and raw:
        r = mm["value"] / raw["value"]
        out.append(f"| `Tensor.matmul` ≥ 95 % of raw cblas GFLOP/s at n1024 | {mm['value']:.1f} vs {raw['value']:.1f} "
                   f"GFLOP/s = {100 * r:.1f} % | {'PASS' if r >= 0.95 else 'MISS'} |")
    else:
        out.append("| `Tensor.matmul` ≥ 95 % of raw cblas GFLOP/s at n1024 | not measured | — |")
    ours, peer = find(lines, OURS, "mlp_step", "mlp4x1024_b64"), find(lines, "torch", "mlp_step", "mlp4x1024_b64")
    if ours and peer:
        q = peer["value"] / ours["value"]
        out.append(f"| `mlp_step` no slower than PyTorch | {ours['value'] * 1e3:.2f} ms vs {peer['value'] * 1e3:.2f} ms "
                   f"per step: {ratio_text(q)} | {'PASS' if ours['value'] <= peer['value'] else 'MISS'} |")
    else:
        why = "PyTorch peer not available in this run" if not peer_available or not peer else "ProRank not measured"
        out.append(f"| `mlp_step` no slower than PyTorch | {why} | — |")
    return out + [""]


def model_targets_section(lines):
    """The model issue's targets, one row per measured line; judged on the ProRank lines (OPENBLAS_CORETYPE
    unset), with the Haswell-kernel figure beside them for information."""
    out = ["## Targets of the model issue", "",
           "Judged on the ProRank lines (`OPENBLAS_CORETYPE` unset); the Haswell-kernel figure is shown for "
           "information. % of sgemm peak = our `gflops_linear` of the forward line / our raw cblas_sgemm GFLOP/s "
           "at n1024 in this run.", "",
           "| target | config | measured in this run | result |", "|---|---|---|---|"]

    def configs_of(bench):
        return list(dict.fromkeys(r["config"] for r in lines if r["bench"] == bench and r["value"] is not None))

    def speed_rows(bench, need, label, show):
        cs = configs_of(bench)
        if not cs:
            out.append(f"| {label} | — | not measured | — |")
        for c in cs:
            ours, peer, has = (find(lines, i, bench, c) for i in (OURS, "torch", HASWELL))
            q = ratio(ours, peer)
            if ours is None or peer is None or q is None:
                why = "ProRank not measured" if ours is None else "PyTorch peer not measured in this run"
                out.append(f"| {label} | `{c}` | {why} | — |")
                continue
            qh = ratio(has, peer)
            extra = f"; Haswell kernels {show(has['value'])}: {qh:.2f}×" if qh is not None else ""
            out.append(f"| {label} | `{c}` | {show(ours['value'])} vs {show(peer['value'])}: {q:.2f}×{extra} | "
                       f"{'PASS' if q >= need else 'MISS'} |")

    speed_rows("forward", 1.5, "forward ≥ 1.5× PyTorch (tokens/s)", lambda v: f"{fmt(v, 'tokens_per_s')} tokens/s")
    speed_rows("train_step", 1.2, "train step ≥ 1.2× PyTorch (s per step)", lambda v: f"{v:.3f} s")

    label = "SmolLM2 forward ≥ 60 % of sgemm peak"
    peak = sgemm_peak(lines)
    for c in ["smollm2_b1_t256", "smollm2_b8_t128"]:
        ours, has = find(lines, OURS, "forward", c), find(lines, HASWELL, "forward", c)
        f = linear_fraction(ours, peak)
        if f is None:
            why = ("ProRank not measured" if ours is None else
                   "raw cblas n1024 not measured" if peak is None else "no gflops_linear")
            out.append(f"| {label} | `{c}` | {why} | — |")
            continue
        fh = linear_fraction(has, peak)
        extra = f"; Haswell kernels {has['gflops_linear']:.1f} GFLOP/s = {100 * fh:.1f} %" if fh is not None else ""
        out.append(f"| {label} | `{c}` | {ours['gflops_linear']:.1f} / {peak['value']:.1f} GFLOP/s = "
                   f"{100 * f:.1f} %{extra} | {'PASS' if f >= 0.6 else 'MISS'} |")

    label = "tokenizer ≥ HF tokenizers (MB/s; no numeric target in the issue)"
    cs = configs_of("tokenize")
    if not cs:
        out.append(f"| {label} | — | not measured in this run | — |")
    for c in cs:
        ours, peer = find(lines, OURS, "tokenize", c), find(lines, "hf_tokenizers", "tokenize", c)
        q = ratio(ours, peer)
        if q is None:
            why = "ProRank not measured" if ours is None else "HF tokenizers peer not measured in this run"
            out.append(f"| {label} | `{c}` | {why} | — |")
            continue
        out.append(f"| {label} | `{c}` | {ours['value']:.1f} vs {peer['value']:.1f} MB/s: {ratio_text(q)} | "
                   "reported |")
    return out + [""]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+", help="JSON-line files of one run")
    ap.add_argument("--out", default="BENCHMARKS.md")
    ap.add_argument("--command", default="make bench", help="the command that reproduces the run")
    a = ap.parse_args()
    lines = load(a.files)
    if not any(r["impl"] == OURS and r["bench"] != "env" for r in lines):
        sys.exit("report.py: no ProRank measurements in " + ", ".join(a.files))
    peer_available = any(r["impl"] in PEERS and r["bench"] != "env" for r in lines)
    raw_dir = os.path.relpath(os.path.dirname(os.path.abspath(a.files[0])))
    seen = list(dict.fromkeys(r["bench"] for r in lines if r["bench"] != "env"))
    benches = [b for b in ORDER if b in seen] + [b for b in seen if b not in ORDER]
    out = ["# Benchmarks", "",
           "Figures of one run of `" + a.command + "` (nothing else is copied in). Every value is the median over "
           "the timed repetitions, (min–max) beside it; timing rule: 1–2 warm-up calls, one calibration call, then "
           "repetitions of k back-to-back calls lasting ≥ 0.25 s each (`shared/bench/README.md`). Ratios are "
           "oriented so that **> 1 means ProRank is better** (ours/peer for throughput, peer/ours for seconds).",
           ""]
    out += machine_section(lines, peer_available) + [""]
    out += targets_section(lines, peer_available)
    out += model_targets_section(lines)
    out += training_targets_section(lines)
    for bench in benches:
        out += paired_section(lines, bench) if bench in PAIRED else bench_section(lines, bench)
    out += ["## Reproduce", "", "```sh", a.command, "```", "",
            "This builds `prorank-bench` in release mode and runs `Benchmarks/run.sh`: our benchmarks "
            "(`.build/release/prorank-bench --threads 1`), the same binary again with `OPENBLAS_CORETYPE=Haswell` "
            "for gemm n1024, forward and train_step (the \"Haswell kernels\" lines), our tokenizer benchmark when "
            "the binary has it, then, when `../shared` is present, the peers (`shared/bench/torch_ref.py --threads 1 "
            "--only gemm`, `Benchmarks/peers/mlp_step.py --threads 1`, `shared/bench/models.sh` followed by "
            "`shared/bench/torch_ref.py --threads 1 --only forward,train_step`, `--only rerank`, `--only grpo_step`, "
            "`Benchmarks/peers/score_step.py --threads 1`, `shared/bench/bm25_ref.py` and "
            "`Benchmarks/peers/tokenize_peer.py` when present) in the same command, all with `OPENBLAS_CORETYPE`/`OPENBLAS_L2_SIZE` unset except the "
            f"Haswell run; the raw JSON lines of this run are in `{raw_dir}/`. On this 2-vCPU machine absolute "
            "numbers drift by a few percent between runs and "
            "another busy process changes them more (⚠ marks measurements taken while other processes used "
            "more than 0.2 cores); compare ratios from one run.", ""]
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    print(f"report.py: wrote {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
