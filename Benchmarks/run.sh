#!/usr/bin/env bash
# Our benchmarks and the peers' in one run, one thread each, then BENCHMARKS.md. Called by `make bench` after
# `swift build -c release --product prorank-bench`:
#
#   SHARED=../shared OUT=out/bench Benchmarks/run.sh
#
#   SHARED      the shared kit (bench/torch_ref.py, bench/bench_common.py, bench/setup.sh, bench/models.sh). Empty
#               or missing: only our figures are measured and BENCHMARKS.md says that the peer was not available.
#   OUT         folder for the raw JSON lines (prorank.jsonl, prorank-haswell.jsonl, torch.jsonl, tokenize.jsonl)
#               and the log (default out/bench)
#   BENCH_VENV  the peers' Python venv (default ~/.cache/prorank-bench/venv; made by $SHARED/bench/setup.sh)
#   REPS        timed repetitions per measurement (default 5)
#   PRORANK_BENCH_BIN  our benchmark binary (default .build/release/prorank-bench), e.g. one built with
#               `swift build -c release --product prorank-bench --scratch-path /tmp/bench-build` ->
#               /tmp/bench-build/release/prorank-bench
#   BENCHES     comma-separated benchmarks to run (default: all the binary knows), e.g. grpo_step,score_step; the
#               Haswell run, tokenize and each peer run only when their benchmarks are in the list. With BENCHES
#               set, the report goes to $OUT/BENCHMARKS.md (a partial run must not replace BENCHMARKS.md)
#
# What runs, in this order:
#   1. prorank-bench: gemm, mlp_step, forward, train_step, bm25, rerank, grpo_step, score_step (impl "prorank";
#      "prorank-rawblas" for raw cblas_sgemm)
#   2. prorank-bench again with OPENBLAS_CORETYPE=Haswell, gemm n1024 + forward + train_step only, its lines renamed
#      to impl "prorank-haswell" / "prorank-rawblas-haswell" (the kernels this machine's shell selects by default)
#   3. tokenize: prorank-bench --only tokenize, when the binary has it
#   4. peers: torch_ref.py gemm; Benchmarks/peers/mlp_step.py; $SHARED/bench/models.sh, then torch_ref.py forward and
#      train_step (tiny and smollm2; smollm2 skipped when models.sh fails); torch_ref.py rerank (with smollm2);
#      torch_ref.py grpo_step (tiny_trl, tiny_trl_gc, tiny_manual; smollm2_manual with smollm2; the TRL configs
#      report an error line when TRL is not installed); Benchmarks/peers/score_step.py (fp32 and bf16 autocast, with
#      smollm2); bm25_ref.py; Benchmarks/peers/tokenize_peer.py if present
#
# Every process runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, on both sides, except the explicit Haswell
# run of step 2: this machine's shell sets OPENBLAS_CORETYPE=Haswell, which halves OpenBLAS sgemm
# (shared/reference/machine.md).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SHARED="${SHARED:-}"
OUT="${OUT:-out/bench}"
REPS="${REPS:-5}"
VENV="${BENCH_VENV:-$HOME/.cache/prorank-bench/venv}"
PY="$VENV/bin/python"
BIN="${PRORANK_BENCH_BIN:-.build/release/prorank-bench}"
BENCHES="${BENCHES:-}"
CLEAN=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)

say() { echo "run.sh: $*" >&2; }

[ -x "$BIN" ] || { say "$BIN missing: run 'swift build -c release --product prorank-bench' (or 'make bench')"; exit 1; }
mkdir -p "$OUT"
rm -f "$OUT/prorank.jsonl" "$OUT/prorank-haswell.jsonl" "$OUT/torch.jsonl" "$OUT/tokenize.jsonl" "$OUT/bm25.jsonl"

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
# The benchmarks this binary knows (its usage line lists them); tokenize runs on its own below.
KNOWN="$("$BIN" --help 2>&1 | grep -o -- '--only [a-z0-9_,]*' | head -1 | cut -d' ' -f2 || true)"
if [ -n "$BENCHES" ]; then
  for b in $(echo "$BENCHES" | tr ',' ' '); do
    case ",$KNOWN," in *",$b,"*) ;; *) say "BENCHES: $BIN has no benchmark $b (it knows $KNOWN)"; exit 2 ;; esac
  done
  KNOWN="$BENCHES"
fi
has_bench() { case ",$KNOWN," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
has_any() { for b in "$@"; do has_bench "$b" && return 0; done; return 1; }
MAIN="$(echo "$KNOWN" | tr ',' '\n' | grep -vx tokenize | paste -sd, -)"

# Data-reading benchmarks (bm25, tokenize) find SciFact and the fixtures through these.
DATA_ENV=()
if [ -n "$SHARED" ] && [ -d "$SHARED" ]; then
  abs="$(cd "$SHARED" && pwd)"
  DATA_ENV=(PRORANK_DATA="$abs/data" PRORANK_FIXTURES="$abs/fixtures")
fi

ONLY=()
[ -n "$MAIN" ] && ONLY=(--only "$MAIN")
if [ -n "$MAIN" ] || [ -z "$BENCHES" ]; then
  say "prorank-bench --threads 1 --reps $REPS ${ONLY[*]}"
  "${CLEAN[@]}" "${DATA_ENV[@]}" "$BIN" --threads 1 --reps "$REPS" "${ONLY[@]}" | tee "$OUT/prorank.jsonl"
fi

# The same binary with the Haswell kernels this machine's shell selects (OPENBLAS_CORETYPE=Haswell), for the
# matmul-bound benchmarks only; impl "prorank" -> "prorank-haswell", "prorank-rawblas" -> "prorank-rawblas-haswell".
wanted() { for b in "$@"; do if has_bench "$b"; then echo "$b"; fi; done | paste -sd, -; }
HASWELL_ONLY="$(wanted gemm forward train_step)"
if [ -n "$HASWELL_ONLY" ]; then
say "OPENBLAS_CORETYPE=Haswell prorank-bench --threads 1 --reps $REPS --only $HASWELL_ONLY (gemm n1024)"
env -u OPENBLAS_L2_SIZE OPENBLAS_CORETYPE=Haswell "$BIN" --threads 1 --reps "$REPS" --only "$HASWELL_ONLY" \
    --configs n1024,tiny,smollm2 \
  | python3 -c '
import json, sys
for raw in sys.stdin:
    if raw.strip():
        r = json.loads(raw)
        r["impl"] += "-haswell"
        print(json.dumps(r), flush=True)' \
  | tee "$OUT/prorank-haswell.jsonl"
else
  say "no gemm/forward/train_step in BENCHES: Haswell run skipped"
fi

# Tokenizer throughput (SciFact corpus, ../shared/data and ../shared/fixtures).
# Sources/prorank-bench/TokenizeBench.swift; skipped with a message when the binary does not list it.
if has_bench tokenize; then
  say "prorank-bench --threads 1 --reps $REPS --only tokenize"
  "${CLEAN[@]}" "${DATA_ENV[@]}" "$BIN" --threads 1 --reps "$REPS" --only tokenize | tee "$OUT/tokenize.jsonl"
else
  say "prorank-bench has no tokenize benchmark yet: tokenize skipped"
fi

if [ -n "$peer" ]; then
  if has_bench gemm; then
    say "torch_ref.py --threads 1 --only gemm --reps $REPS"
    "${CLEAN[@]}" HF_HUB_OFFLINE=1 "$PY" "$SHARED/bench/torch_ref.py" --threads 1 --only gemm --reps "$REPS" \
      | tee -a "$OUT/torch.jsonl"
  fi
  # -P: the scripts' folder is not put on sys.path, so no file there can shadow a standard-library module
  # (a peer script once named tokenize.py broke torch's import through linecache).
  if has_bench mlp_step; then
    say "Benchmarks/peers/mlp_step.py --threads 1 --reps $REPS"
    "${CLEAN[@]}" "$PY" -P Benchmarks/peers/mlp_step.py --threads 1 --reps "$REPS" --shared "$SHARED" \
      | tee -a "$OUT/torch.jsonl"
  fi

  # forward, train_step, rerank, grpo_step and score_step need SmolLM2 as a Hugging Face folder (models.sh builds
  # it once, then does nothing).
  model_configs="tiny,smollm2"
  if ! has_any forward train_step rerank grpo_step score_step; then
    model_configs="tiny"
  elif [ ! -x "$SHARED/bench/models.sh" ]; then
    say "$SHARED/bench/models.sh not found: smollm2 configs of the peer skipped"
    model_configs="tiny"
  elif ! "$SHARED/bench/models.sh" >&2; then
    say "$SHARED/bench/models.sh failed: smollm2 configs of the peer skipped"
    model_configs="tiny"
  fi
  model_benches="$(wanted forward train_step)"
  if [ -n "$model_benches" ]; then
    say "torch_ref.py --threads 1 --only $model_benches --configs $model_configs --reps $REPS"
    if ! "${CLEAN[@]}" HF_HUB_OFFLINE=1 "$PY" "$SHARED/bench/torch_ref.py" --threads 1 --only "$model_benches" \
        --configs "$model_configs" --reps "$REPS" | tee -a "$OUT/torch.jsonl"; then
      say "torch_ref.py $model_benches failed: kept the lines it wrote"
    fi
  fi

  # Reranking (SmolLM2, 24 pairs) beside our rerank benchmark, when the peer has SmolLM2.
  if has_bench rerank && [ "$model_configs" = "tiny,smollm2" ]; then
    say "torch_ref.py --threads 1 --only rerank --reps $REPS"
    if ! "${CLEAN[@]}" HF_HUB_OFFLINE=1 "$PY" "$SHARED/bench/torch_ref.py" --threads 1 --only rerank --reps "$REPS" \
        | tee -a "$OUT/torch.jsonl"; then
      say "torch_ref.py rerank failed: kept the lines it wrote"
    fi
  fi

  # GRPO (tiny: TRL, TRL with gradient checkpointing, hand-written; SmolLM2: hand-written) beside our grpo_step.
  # "tiny_trl" also selects tiny_trl_gc (configs are substrings). Without TRL the TRL configs write an error line.
  if has_bench grpo_step; then
    grpo_configs="tiny"
    [ "$model_configs" = "tiny,smollm2" ] && grpo_configs="tiny,smollm2"
    say "torch_ref.py --threads 1 --only grpo_step --configs $grpo_configs --reps $REPS"
    if ! "${CLEAN[@]}" HF_HUB_OFFLINE=1 "$PY" "$SHARED/bench/torch_ref.py" --threads 1 --only grpo_step \
        --configs "$grpo_configs" --reps "$REPS" | tee -a "$OUT/torch.jsonl"; then
      say "torch_ref.py grpo_step failed: kept the lines it wrote"
    fi
  fi

  # Score learning (SmolLM2, 2 lists x 8, last 6 layers), float32 and bf16 autocast, beside our score_step.
  if has_bench score_step && [ "$model_configs" = "tiny,smollm2" ]; then
    say "Benchmarks/peers/score_step.py --threads 1 --reps $REPS"
    if ! "${CLEAN[@]}" HF_HUB_OFFLINE=1 "$PY" -P Benchmarks/peers/score_step.py --threads 1 --reps "$REPS" \
        --shared "$SHARED" | tee -a "$OUT/torch.jsonl"; then
      say "Benchmarks/peers/score_step.py failed: kept the lines it wrote"
    fi
  fi

  # BM25 on SciFact: rank_bm25 and bm25s (the same token lists for both), beside our bm25 benchmark.
  if has_bench bm25; then
    say "bm25_ref.py --reps $REPS"
    if ! "${CLEAN[@]}" "$PY" -P "$SHARED/bench/bm25_ref.py" --reps "$REPS" | tee "$OUT/bm25.jsonl"; then
      say "bm25_ref.py failed: kept the lines it wrote"
    fi
  fi

  if ! has_bench tokenize; then
    :
  elif [ -f Benchmarks/peers/tokenize_peer.py ]; then
    # Pass only the options the peer script takes (it is written alongside TokenizeBench.swift).
    help="$("${CLEAN[@]}" "$PY" -P Benchmarks/peers/tokenize_peer.py --help 2>&1 || true)"
    args=()
    case "$help" in *--threads*) args+=(--threads 1) ;; esac
    case "$help" in *--reps*) args+=(--reps "$REPS") ;; esac
    case "$help" in *--shared*) args+=(--shared "$SHARED") ;; esac
    say "Benchmarks/peers/tokenize_peer.py ${args[*]}"
    if ! "${CLEAN[@]}" SHARED="$SHARED" TOKENIZERS_PARALLELISM=false RAYON_NUM_THREADS=1 \
        "$PY" -P Benchmarks/peers/tokenize_peer.py "${args[@]}" | tee -a "$OUT/tokenize.jsonl"; then
      say "Benchmarks/peers/tokenize_peer.py failed: kept the lines it wrote"
    fi
  else
    say "Benchmarks/peers/tokenize_peer.py not found: tokenize peer skipped"
  fi
fi

say "load after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
REPORT="BENCHMARKS.md"
COMMAND="make bench"
if [ -n "$BENCHES" ]; then
  REPORT="$OUT/BENCHMARKS.md"
  COMMAND="swift build -c release --product prorank-bench && SHARED=$SHARED OUT=$OUT BENCHES=$BENCHES Benchmarks/run.sh"
fi
python3 Benchmarks/report.py --out "$REPORT" --command "$COMMAND" "$OUT"/*.jsonl
say "wrote $REPORT from $(ls "$OUT"/*.jsonl | tr '\n' ' ')"
