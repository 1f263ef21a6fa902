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
LABELS = {
    "prorank": "ProRank",
    "prorank-rawblas": "raw cblas_sgemm (BLAS.gemm)",
    "torch": "PyTorch",
    "numpy": "NumPy",
}
PEERS = ["torch", "numpy"]
LOWER_IS_BETTER = {"s_per_step", "index_s"}
WHAT = {
    "gemm": "`Tensor.matmul(a, b)`, float32 n×n·n×n row-major, a and b ~ N(0,1); GFLOP/s = 2n³ / seconds per call. "
            "Peers: `torch.mm(A, B, out=C)` (PyTorch's CPU wheel uses MKL, which runs AVX2 kernels on this AMD CPU) "
            "and `np.matmul(A, B, out=C)` (NumPy's bundled OpenBLAS). The raw cblas line is `BLAS.gemm` into a "
            "preallocated C, the ceiling of `Tensor.matmul` (whose result is a new tensor each call).",
    "mlp_step": "One training step of a 4-layer MLP (width 1024, batch 64, biases, ReLU between layers): forward + "
                "MSE loss + backward + AdamW step (lr 1e-4, betas 0.9/0.999, eps 1e-8, weight decay 0.01) + "
                "zero grad. Peer: the same in PyTorch (`nn.Linear`, `F.mse_loss`, `torch.optim.AdamW` default "
                "implementation), `Benchmarks/peers/mlp_step.py`.",
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


def fmt(x, metric):
    """A figure in the table's unit (seconds are shown as milliseconds)."""
    if x is None:
        return "—"
    if metric == "s_per_step":
        return f"{x * 1e3:.2f}"
    return f"{x:.1f}"


def cell(r):
    """median (min–max), plus a warning when other processes used CPU during the reps."""
    if r is None:
        return "—"
    m = r["metric"]
    s = fmt(r["value"], m)
    if "min" in r and "max" in r:
        s += f" ({fmt(r['min'], m)}–{fmt(r['max'], m)})"
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


def machine_section(lines, peer_available):
    ours_env = next((r for r in lines if r["bench"] == "env" and r["impl"] == OURS), {})
    torch_env = next((r for r in lines if r["bench"] == "env" and r["impl"] == "torch"), {})
    numpy_core = next((r.get("blas_core") for r in lines if r["impl"] == "numpy" and r.get("blas_core")), None)
    family = f" ({ours_env['cpu_family_model']})" if ours_env.get("cpu_family_model") else ""
    out = [f"- **Machine**: {ours_env.get('cpu', '?')}{family}, {ours_env.get('nproc', '?')} vCPUs; "
           f"OpenBLAS core `{ours_env.get('blas_core', '?')}` (Debian's libopenblas); "
           f"ProRankKit {ours_env.get('prorank', '?')} ({ours_env.get('build', '?')} build)",
           f"- **Date**: {ours_env.get('time', '?')}; 1-minute load average at the start: ours "
           f"{ours_env.get('load1', '?')}" + (f", peer {torch_env.get('load1', '?')}" if torch_env else ""),
           f"- **Threads**: {ours_env.get('threads', '?')} for every measurement; `OPENBLAS_CORETYPE` and "
           "`OPENBLAS_L2_SIZE` unset for every process (both sides)"]
    if peer_available:
        out.append(f"- **Peer**: PyTorch {torch_env.get('torch', '?')} ({torch_env.get('blas', '?').strip('- ')})"
                   + (f"; NumPy's OpenBLAS core `{numpy_core}`" if numpy_core else ""))
    else:
        out.append("- **Peer**: not available in this run (no shared kit or no venv), so only ProRank's figures "
                   "are shown and the comparisons with PyTorch are not made")
    return out


def bench_section(lines, bench):
    rows = [r for r in lines if r["bench"] == bench and r["value"] is not None]
    configs = list(dict.fromkeys(r["config"] for r in rows))
    impls = [i for i in [OURS, "prorank-rawblas"] + PEERS if any(r["impl"] == i for r in rows)]
    peers = [i for i in PEERS if i in impls]
    metric, unit = rows[0]["metric"], rows[0]["unit"]
    better = "lower" if metric in LOWER_IS_BETTER else "higher"
    shown_unit = "ms per step" if metric == "s_per_step" else unit
    out = [f"## {bench} ({shown_unit}, {better} is better)", "", WHAT.get(bench, ""), ""]
    head = ["config"] + [LABELS.get(i, i) for i in impls]
    if "prorank-rawblas" in impls:
        head.append("ProRank / raw cblas")
    head += [f"ProRank vs {LABELS[p]}" for p in peers]
    out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for config in configs:
        cells = [f"`{config}`"] + [cell(find(rows, i, bench, config)) for i in impls]
        ours = find(rows, OURS, bench, config)
        if "prorank-rawblas" in impls:
            r = ours.get("ratio_to_rawblas") if ours else None
            cells.append(f"{100 * r:.1f} %" if r is not None else "—")
        cells += [ratio_text(ratio(ours, find(rows, p, bench, config))) for p in peers]
        out.append("| " + " | ".join(cells) + " |")
    out += phases_table(rows, impls, bench, configs)
    out.append("")
    return out


def phases_table(rows, impls, bench, configs):
    out = []
    for config in configs:
        have = [(i, find(rows, i, bench, config)) for i in impls]
        have = [(i, r) for i, r in have if r and r.get("phases_median_s")]
        if not have:
            continue
        names = list(dict.fromkeys(n for _, r in have for n in r["phases_median_s"]))
        out += ["", f"Phases of `{config}` (median over reps of the mean time per step, ms):", "",
                "| phase | " + " | ".join(LABELS.get(i, i) for i, _ in have) + " |", "|" + "---|" * (len(have) + 1)]
        for n in names:
            vals = [r["phases_median_s"].get(n) for _, r in have]
            out.append(f"| {n} | " + " | ".join("—" if v is None else f"{v * 1e3:.2f}" for v in vals) + " |")
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
    benches = list(dict.fromkeys(r["bench"] for r in lines if r["bench"] != "env"))
    out = ["# Benchmarks", "",
           "Figures of one run of `" + a.command + "` (nothing else is copied in). Every value is the median over "
           "the timed repetitions, (min–max) beside it; timing rule: 1–2 warm-up calls, one calibration call, then "
           "repetitions of k back-to-back calls lasting ≥ 0.25 s each (`shared/bench/README.md`). Ratios are "
           "oriented so that **> 1 means ProRank is better** (ours/peer for throughput, peer/ours for seconds).",
           ""]
    out += machine_section(lines, peer_available) + [""]
    out += targets_section(lines, peer_available)
    for bench in benches:
        out += bench_section(lines, bench)
    out += ["## Reproduce", "", "```sh", a.command, "```", "",
            "This builds `prorank-bench` in release mode and runs `Benchmarks/run.sh`: our benchmarks "
            "(`.build/release/prorank-bench --threads 1`), then, when `../shared` is present, the peers "
            "(`shared/bench/torch_ref.py --threads 1 --only gemm` and `Benchmarks/peers/mlp_step.py --threads 1`) in the "
            "same command, all with `OPENBLAS_CORETYPE`/`OPENBLAS_L2_SIZE` unset; the raw JSON lines of this run are in "
            f"`{raw_dir}/`. On this 2-vCPU machine absolute numbers drift by a few percent between runs and "
            "another busy process changes them more (⚠ marks measurements taken while other processes used "
            "more than 0.2 cores); compare ratios from one run.", ""]
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    print(f"report.py: wrote {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
