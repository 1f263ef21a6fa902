#!/usr/bin/env python3
"""PyTorch peer of prorank-bench's `score_step` (Sources/prorank-bench/ScoreStepBench.swift): one step of ProRank's
stage-2 score learning on SmolLM2-135M-Instruct, config `smollm2_l2x8_last6` (float32) and
`smollm2_l2x8_last6_bf16` (the same under torch.autocast("cpu", bfloat16)). One JSON line per config on stdout
(schema and timing rule: shared/bench/README.md), progress on stderr.

    inputs   the first two queries of shared/bench/rerank_pairs.tsv (file order) that have exactly one relevant
             document in SciFact's qrels/test.tsv and >= 7 non-relevant documents among their pairs; a list = that
             positive + the first 7 non-relevant documents by bm25_rank (2 lists x 8 candidates per step, the same
             lists every step); prompts by the kit's PromptBuilder (mxbai-rerank-v2 template, documents cut to 256
             tokens), tokenized once before timing
    model    SmolLM2-135M-Instruct (transformers, float32 weights from shared/bench/models.sh); the last 6 of 30
             decoder layers and the final norm trainable, everything else requires_grad False
    score    each list one left-padded batch [8, longest prompt of the list]; embedding + layers 0..23 under
             torch.no_grad (the trunk), layers 24..29 + final norm with grad; s = z["1"] - z["0"] at the last
             position from the two head rows only (h @ W[[id1, id0]].T; W = the tied embedding, frozen);
             position ids count real tokens (left padding), causal mask with padding from transformers
    loss     listwise softmax cross-entropy of the positive among its 8 candidates, mean over the 2 lists
    step     forward (both lists) + loss.backward() + clip_grad_norm_(1.0) + torch.optim.AdamW(lr=1e-4, wd=0,
             default implementation).step() + zero_grad(set_to_none=True)

Metric: seconds per step (median over reps); phases_median_s = {trunk_no_grad, top_forward_loss, backward,
clip_adamw}. Timing: bench_common.time_reps (warm-up 1 step, 1 calibration step, then reps of k >= 1 steps lasting
>= 0.25 s), found through --shared DIR or SHARED (DIR/bench/bench_common.py).

    python score_step.py [--threads N] [--reps R] [--shared DIR] [--models DIR] [--configs fp32,bf16] [--out FILE]
"""
import argparse
import os
import sys
import time

BENCH = "score_step"
CONFIG = "smollm2_l2x8_last6"
LISTS, NEGATIVES, TRAINABLE_LAYERS = 2, 7, 6
PHASES = ["trunk_no_grad", "top_forward_loss", "backward", "clip_adamw"]


def import_bench_common(shared):
    if not shared:
        sys.exit("score_step.py: give --shared DIR or set SHARED (the folder that holds bench/bench_common.py)")
    path = os.path.join(os.path.abspath(shared), "bench")
    if not os.path.isfile(os.path.join(path, "bench_common.py")):
        sys.exit(f"score_step.py: {path}/bench_common.py not found (check --shared / SHARED)")
    sys.path.insert(0, path)
    import bench_common
    return bench_common


def choose_lists(pairs, qrels):
    """[(qid, [positive, 7 negatives])]: the rule of the module docstring (the same as ScoreStepBench.chooseLists)."""
    order, by_query = [], {}
    for _, qid, did, rank in pairs:
        if qid not in by_query:
            order.append(qid)
            by_query[qid] = []
        by_query[qid].append((rank, did))
    out = []
    for qid in order:
        relevant = [d for d, g in qrels.get(qid, {}).items() if g > 0]
        if len(relevant) != 1:
            continue
        negatives = [d for _, d in sorted(by_query[qid], key=lambda x: x[0]) if d not in relevant]
        if len(negatives) < NEGATIVES:
            continue
        out.append((qid, [relevant[0]] + negatives[:NEGATIVES]))
        if len(out) == LISTS:
            break
    return out


def pad_left(torch, seqs, pad_id):
    width = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(seqs), width), dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, width - len(s):] = torch.tensor(s)
        mask[i, width - len(s):] = 1
    return ids, mask


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (default 1)")
    ap.add_argument("--reps", type=int, default=3, help="timed repetitions, at most 3 used (default 3)")
    ap.add_argument("--shared", default=os.environ.get("SHARED"), help="folder holding bench/bench_common.py")
    ap.add_argument("--models", default=None, help="folder holding smollm2-135m-instruct (default: the kit's)")
    ap.add_argument("--configs", default="fp32,bf16", help="fp32, bf16 or both (default both)")
    ap.add_argument("--out", help="also append the JSON lines to this file")
    a = ap.parse_args()
    bc = import_bench_common(a.shared)

    import torch
    import torch.nn.functional as F
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.masking_utils import create_causal_mask

    torch.set_num_threads(a.threads)
    models = a.models or bc.DEFAULT_MODELS
    folder = os.path.join(models, "smollm2-135m-instruct")
    if not os.path.isfile(os.path.join(folder, "model.safetensors")):
        sys.exit(f"score_step.py: {folder} missing: run shared/bench/models.sh first")
    data = os.path.join(os.path.abspath(a.shared), "data", "scifact")
    corpus, queries, qrels = bc.load_scifact(data, "test")
    chosen = choose_lists(bc.read_pairs(os.path.join(os.path.abspath(a.shared), "bench", "rerank_pairs.tsv")), qrels)
    if len(chosen) != LISTS:
        sys.exit(f"score_step.py: found {len(chosen)} usable queries in rerank_pairs.tsv, need {LISTS}")
    tok = AutoTokenizer.from_pretrained(folder)
    pb = bc.PromptBuilder(tok, max_doc_tokens=256)
    prompts = [[pb.build(queries[q], bc.doc_text(*corpus[d])) for d in docs] for q, docs in chosen]
    pad_id = tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id
    batches = []
    for ps in prompts:
        ids, mask = pad_left(torch, ps, pad_id)
        pos = (mask.cumsum(-1) - 1).clamp(min=0)
        batches.append((ids, mask, pos))
    lengths = [[len(p) for p in ps] for ps in prompts]
    target = torch.zeros(LISTS, dtype=torch.long)  # the positive is candidate 0 of each list

    for variant in [v for v in a.configs.split(",") if v]:
        if variant not in ("fp32", "bf16"):
            sys.exit(f"score_step.py: unknown config {variant!r} (fp32, bf16)")
        config = CONFIG if variant == "fp32" else CONFIG + "_bf16"
        t_start = time.time()
        torch.manual_seed(0)
        model = AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32).train()
        inner = model.model
        n_layers = model.config.num_hidden_layers
        trunk = n_layers - TRAINABLE_LAYERS
        for p in model.parameters():
            p.requires_grad_(False)
        trained = list(inner.layers[trunk:].parameters()) + list(inner.norm.parameters())
        for p in trained:
            p.requires_grad_(True)
        opt = torch.optim.AdamW(trained, lr=1e-4, weight_decay=0.0)
        head = model.lm_head.weight
        rows = [pb.id1, pb.id0]
        phases, losses = [], []

        def autocast():
            if variant == "bf16":
                return torch.autocast("cpu", dtype=torch.bfloat16)
            return torch.autocast("cpu", enabled=False)

        def step():
            t0 = time.perf_counter()
            trunk_out = []
            with torch.no_grad(), autocast():
                for ids, mask, pos in batches:
                    x = inner.embed_tokens(ids)
                    causal = create_causal_mask(config=inner.config, inputs_embeds=x, attention_mask=mask, cache=None,
                                                position_ids=pos)
                    pe = inner.rotary_emb(x, position_ids=pos)
                    for layer in inner.layers[:trunk]:
                        x = layer(x, attention_mask=causal, position_embeddings=pe, position_ids=pos)
                    trunk_out.append((x, causal, pe, pos))
            t1 = time.perf_counter()
            scores = []
            with autocast():
                for x, causal, pe, pos in trunk_out:
                    for layer in inner.layers[trunk:]:
                        x = layer(x, attention_mask=causal, position_embeddings=pe, position_ids=pos)
                    h = inner.norm(x)[:, -1, :]
                    z = h @ head[rows].t()
                    scores.append(z[:, 0] - z[:, 1])
            s = torch.stack(scores).float()  # [lists, 8]
            loss = F.cross_entropy(s, target)
            loss_value = loss.item()
            t2 = time.perf_counter()
            loss.backward()
            t3 = time.perf_counter()
            torch.nn.utils.clip_grad_norm_(trained, 1.0)
            opt.step()
            opt.zero_grad(set_to_none=True)
            t4 = time.perf_counter()
            phases.append((t1 - t0, t2 - t1, t3 - t2, t4 - t3))
            losses.append(loss_value)

        bc.log(f"{BENCH} {config}: start (threads={a.threads}, torch {torch.__version__}, prompt tokens {lengths})")
        times, k, lm = bc.time_reps(step, min(a.reps, 3), warmup=1, min_rep_s=0.25, budget_s=600.0)
        timed = phases[len(phases) - len(times) * k:]
        medians = {}
        for i, n in enumerate(PHASES):
            v = sorted(p[i] for p in timed)
            medians[n] = bc._r(v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2)
        bc.emit("torch", BENCH, config, "s_per_step", times, "s", a.threads, out=a.out, extra=dict(
            phases_median_s=medians, lists=LISTS, candidates_per_list=NEGATIVES + 1,
            queries=[q for q, _ in chosen], documents=[d for _, d in chosen], prompt_tokens=lengths,
            padded_tokens_per_step=sum(max(l) * len(l) for l in lengths),
            trainable=f"last {TRAINABLE_LAYERS} of {n_layers} layers + final norm", loss="listwise",
            optimizer="torch.optim.AdamW(lr=1e-4, wd=0), default CPU implementation; clip_grad_norm_ 1.0",
            dtype="float32" if variant == "fp32" else "float32 weights, autocast bfloat16",
            calls_per_rep=k, loss_first_step=round(losses[0], 4), **lm.fields(), torch=torch.__version__,
            attn=model.config._attn_implementation, wall_s=round(time.time() - t_start, 1),
            note="trunk (embedding + first 24 layers) under torch.no_grad; top 6 layers + norm with grad; two head rows"))
        del model, opt


if __name__ == "__main__":
    main()
