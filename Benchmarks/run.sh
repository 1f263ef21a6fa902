#!/usr/bin/env bash
# Our benchmarks and the peers' in one run, one thread each, then BENCHMARKS.md. Called by `make bench` after
# `swift build -c release --product prorank-bench`:
#
#   SHARED=../shared OUT=out/bench Benchmarks/run.sh
#
#   SHARED      the shared kit (bench/torch_ref.py, bench/bench_common.py, bench/setup.sh). Empty or missing:
#               only our figures are measured and BENCHMARKS.md says that the peer was not available.
#   OUT         folder for the raw JSON lines (prorank.jsonl, torch.jsonl) and the log (default out/bench)
#   BENCH_VENV  the peers' Python venv (default ~/.cache/prorank-bench/venv; made by $SHARED/bench/setup.sh)
#   REPS        timed repetitions per measurement (default 5)
#
# Every process runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, on both sides: this machine's shell sets
# OPENBLAS_CORETYPE=Haswell, which halves OpenBLAS sgemm (shared/reference/machine.md).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SHARED="${SHARED:-}"
OUT="${OUT:-out/bench}"
REPS="${REPS:-5}"
VENV="${BENCH_VENV:-$HOME/.cache/prorank-bench/venv}"
PY="$VENV/bin/python"
BIN=".build/release/prorank-bench"
CLEAN=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)

say() { echo "run.sh: $*" >&2; }

[ -x "$BIN" ] || { say "$BIN missing: run 'swift build -c release --product prorank-bench' (or 'make bench')"; exit 1; }
mkdir -p "$OUT"
rm -f "$OUT/prorank.jsonl" "$OUT/torch.jsonl"

# The peers need the shared kit and its venv; without them we still measure (and report) our side.
peer=""
if [ -z "$SHARED" ]; then
  say "SHARED is not set: peers skipped"
elif [ ! -f "$SHARED/bench/torch_ref.py" ]; then
  say "$SHARED/bench/torch_ref.py not found: peers skipped"
elif [ -x "$SHARED/bench/setup.sh" ] && ! "$SHARED/bench/setup.sh" >&2; then
  say "$SHARED/bench/setup.sh failed: peers skipped"
elif [ ! -x "$PY" ]; then
  say "$PY not found: peers skipped"
else
  peer=1
fi

say "load before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
say "prorank-bench --threads 1 --reps $REPS"
"${CLEAN[@]}" "$BIN" --threads 1 --reps "$REPS" | tee "$OUT/prorank.jsonl"

if [ -n "$peer" ]; then
  say "torch_ref.py --threads 1 --only gemm --reps $REPS"
  "${CLEAN[@]}" HF_HUB_OFFLINE=1 "$PY" "$SHARED/bench/torch_ref.py" --threads 1 --only gemm --reps "$REPS" \
    | tee "$OUT/torch.jsonl"
  say "Benchmarks/peers/mlp_step.py --threads 1 --reps $REPS"
  "${CLEAN[@]}" "$PY" Benchmarks/peers/mlp_step.py --threads 1 --reps "$REPS" --shared "$SHARED" \
    | tee -a "$OUT/torch.jsonl"
fi

python3 Benchmarks/report.py --out BENCHMARKS.md --command "make bench" "$OUT"/*.jsonl
say "wrote BENCHMARKS.md from $(ls "$OUT"/*.jsonl | tr '\n' ' ')"
