#!/usr/bin/env bash
# `npm run train`: synthetic dataset (TypeScript simulator) -> PyTorch training (Debian's
# /usr/bin/python3 with python3-torch) -> ONNX check in onnxruntime-node -> model card.
#
#   training/train.sh [--out DIR] [--work DIR] [--seed N] [--infants K] [--anomaly-infants M]
#                     [--duration S] [--stride F] [--eval-recordings N] [--eval-duration S] [trainer options, e.g. --epochs 1]
#
# Defaults reproduce the shipped model in packages/core/models/anomaly.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${GMA_PYTHON:-/usr/bin/python3}"
OUT="$ROOT/packages/core/models/anomaly"
WORK=""
SEED=1
INFANTS=200
ANOMALY=24
DURATION=20
STRIDE=10
EVAL_RECORDINGS=40
EVAL_DURATION=20
TRAINER=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) OUT="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --infants) INFANTS="$2"; shift 2 ;;
    --anomaly-infants) ANOMALY="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --stride) STRIDE="$2"; shift 2 ;;
    --eval-recordings) EVAL_RECORDINGS="$2"; shift 2 ;;
    --eval-duration) EVAL_DURATION="$2"; shift 2 ;;
    *) TRAINER+=("$1"); shift ;;
  esac
done
if ! "$PYTHON" -c "import torch, onnx" 2>/dev/null; then
  echo "train: $PYTHON cannot import torch and onnx; install them with" >&2
  echo "  apt-get install -y python3-torch python3-onnx libopenblas0-pthread" >&2
  exit 3
fi
CLEANUP=""
if [[ -z "$WORK" ]]; then WORK="$(mktemp -d)"; CLEANUP="$WORK"; fi
trap '[[ -n "$CLEANUP" ]] && rm -rf "$CLEANUP"' EXIT
mkdir -p "$OUT" "$WORK"
TSX="$ROOT/node_modules/.bin/tsx"
# Busy-waiting OpenMP threads collapse throughput on shared cores; passive waiting does not.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
# One BLAS thread, like the trainer's one PyTorch thread: a threaded BLAS may split sums
# differently from run to run, and the shipped model must come out the same from the seed.
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
# AVX2 kernels on AVX-512 hosts too: OpenBLAS, PyTorch and numpy pick their kernels by CPU, and
# AVX-512 ones round sums differently (an AVX-512 host trained weights that differed in their
# last bits, so another model version). Pinned to AVX2, an AVX-512 host reproduces the shipped
# files byte for byte, as AVX2 hosts do. Each can be overridden from the environment.
if grep -qw avx512f /proc/cpuinfo 2>/dev/null; then
  export OPENBLAS_CORETYPE="${OPENBLAS_CORETYPE:-Haswell}"
  export ATEN_CPU_CAPABILITY="${ATEN_CPU_CAPABILITY:-avx2}"
  export NPY_DISABLE_CPU_FEATURES="${NPY_DISABLE_CPU_FEATURES:-AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL}"
fi

echo "train: 1/5 simulating the dataset (seed $SEED, $INFANTS normal infants, $ANOMALY per anomaly class)" >&2
"$TSX" "$ROOT/packages/core/src/synthetic/make-dataset.ts" --out "$WORK/dataset.gmads" --seed "$SEED" \
  --infants "$INFANTS" --anomaly-infants "$ANOMALY" --duration "$DURATION" --stride "$STRIDE" >&2

echo "train: 2/5 training" >&2
(cd "$ROOT/training" && PYTHONWARNINGS=ignore "$PYTHON" -m gma_training.train --dataset "$WORK/dataset.gmads" \
  --out-dir "$OUT" --work-dir "$WORK" --seed "$SEED" "${TRAINER[@]}") >&2

echo "train: 3/5 checking the ONNX export in onnxruntime-node" >&2
"$TSX" "$ROOT/training/verify-onnx.ts" --model-dir "$OUT" --work-dir "$WORK" --dataset "$WORK/dataset.gmads" >&2

echo "train: 4/5 rating $EVAL_RECORDINGS fresh synthetic recordings per class as serving does" >&2
"$TSX" "$ROOT/training/evaluate-recordings.ts" --model-dir "$OUT" --out "$WORK/recording-eval.json" \
  --recordings "$EVAL_RECORDINGS" --duration "$EVAL_DURATION" --dataset "$WORK/dataset.gmads" >&2

echo "train: 5/5 writing the model card" >&2
(cd "$ROOT/training" && "$PYTHON" -m gma_training.card --model-dir "$OUT" --check "$WORK/onnx-check.json" --recordings "$WORK/recording-eval.json")
echo "train: done: $OUT" >&2
