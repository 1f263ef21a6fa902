#!/usr/bin/env python3
"""PyTorch peer of prorank-bench's `mlp_step` (Sources/prorank-bench/MLPStepBench.swift): one training step of a
4-layer MLP, width 1024, batch 64, config `mlp4x1024_b64`. One JSON line on stdout (schema and timing rule:
shared/bench/README.md), progress on stderr.

    x ~ N(0,1) [64, 1024], target ~ N(0,1) [64, 1024]
    model  = Linear(1024,1024) ReLU Linear ReLU Linear ReLU Linear   (torch default init, with bias)
    loss   = F.mse_loss(model(x), target)                            (mean over all elements)
    step   = forward + loss.backward() + AdamW.step() + zero_grad(set_to_none=True)
    AdamW  = torch.optim.AdamW(lr=1e-4, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01), default implementation
             (on CPU tensors that is the single-tensor for-loop, neither foreach nor fused)

Metric: seconds per step (median over reps); phases_median_s = {forward_loss, backward, adamw_zero_grad}.
Timing (warm-up 1 step, 1 calibration step, reps of k steps lasting >= 0.25 s) comes from the shared kit's
bench_common.time_reps, found through --shared DIR or the SHARED environment variable (DIR/bench/bench_common.py).

    python mlp_step.py [--threads N] [--reps R] [--shared DIR] [--out FILE]
"""
import argparse
import os
import sys
import time

BENCH, CONFIG = "mlp_step", "mlp4x1024_b64"
WIDTH, DEPTH, BATCH = 1024, 4, 64
PHASES = ["forward_loss", "backward", "adamw_zero_grad"]


def import_bench_common(shared):
    """bench_common from SHARED/bench (the timing loop, load meter and JSON writer the other peers use)."""
    if not shared:
        sys.exit("mlp_step.py: give --shared DIR or set SHARED (the folder that holds bench/bench_common.py)")
    path = os.path.join(os.path.abspath(shared), "bench")
    if not os.path.isfile(os.path.join(path, "bench_common.py")):
        sys.exit(f"mlp_step.py: {path}/bench_common.py not found (check --shared / SHARED)")
    sys.path.insert(0, path)
    import bench_common
    return bench_common


def make_model(torch):
    layers = []
    for i in range(DEPTH):
        layers.append(torch.nn.Linear(WIDTH, WIDTH, bias=True))
        if i < DEPTH - 1:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def phase_medians(phases, reps, k):
    """Median over reps of each phase's mean time per step within the rep (timed steps only: the last reps*k)."""
    timed = phases[len(phases) - reps * k:]
    out = {}
    for p, name in enumerate(PHASES):
        per_rep = sorted(sum(step[p] for step in timed[r * k:(r + 1) * k]) / k for r in range(reps))
        mid = len(per_rep) // 2
        out[name] = per_rep[mid] if len(per_rep) % 2 else (per_rep[mid - 1] + per_rep[mid]) / 2
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (default 1)")
    ap.add_argument("--reps", type=int, default=5, help="timed repetitions; the value is their median (default 5)")
    ap.add_argument("--shared", default=os.environ.get("SHARED"), help="folder holding bench/bench_common.py")
    ap.add_argument("--out", help="also append the JSON line to this file")
    a = ap.parse_args()
    bc = import_bench_common(a.shared)

    import torch
    import torch.nn.functional as F

    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = make_model(torch).train()
    x, target = torch.randn(BATCH, WIDTH), torch.randn(BATCH, WIDTH)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)
    phases, losses = [], []

    def step():
        t0 = time.perf_counter()
        loss = F.mse_loss(model(x), target)
        t1 = time.perf_counter()
        loss.backward()
        t2 = time.perf_counter()
        opt.step()
        opt.zero_grad(set_to_none=True)
        t3 = time.perf_counter()
        phases.append((t1 - t0, t2 - t1, t3 - t2))
        losses.append(loss.item())

    bc.log(f"{BENCH} {CONFIG}: start (threads={a.threads}, torch {torch.__version__})")
    times, k, lm = bc.time_reps(step, a.reps, warmup=1, min_rep_s=0.25)
    medians = phase_medians(phases, len(times), k)
    bc.emit("torch", BENCH, CONFIG, "s_per_step", times, "s", a.threads, out=a.out, extra=dict(
        phases_median_s={n: bc._r(v) for n, v in medians.items()},
        batch=BATCH, width=WIDTH, layers=DEPTH, parameters=sum(p.numel() for p in model.parameters()),
        dtype="float32", calls_per_rep=k, final_loss=round(losses[-1], 4), **lm.fields(),
        torch=torch.__version__,
        optimizer="torch.optim.AdamW(lr=1e-4, betas=(0.9,0.999), eps=1e-8, wd=0.01), default CPU implementation",
        note="forward + F.mse_loss + backward + AdamW.step + zero_grad(set_to_none=True); nn.Linear with bias, ReLU"))


if __name__ == "__main__":
    main()
