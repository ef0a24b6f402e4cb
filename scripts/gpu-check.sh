#!/usr/bin/env bash
# GPU check for `suanli bench` on a machine with an NVIDIA GPU (written for one H100/H200):
# builds the CUDA backend, runs the quick GPU sweep and the GPU tests, and writes everything
# to $OUT (default ./gpu-check-out). Usage: OUT=/path scripts/gpu-check.sh
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-$PWD/gpu-check-out}
BUILD=${BUILD:-build-gpu-check}
mkdir -p "$OUT"
exec > >(tee "$OUT/gpu-check.log") 2>&1

echo "== $(date -u +%FT%TZ) $(hostname)"
nvidia-smi --query-gpu=name,memory.total,clocks.max.sm,driver_version --format=csv || true
nvidia-smi > "$OUT/nvidia-smi.txt" 2>&1 || true

echo "== configure + build"
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSUANLI_CUDA=ON \
      -DCMAKE_CUDA_ARCHITECTURES=90 -DSUANLI_BENCHMARKS=OFF > "$OUT/configure.log" 2>&1 \
  || { echo "configure failed"; tail -30 "$OUT/configure.log"; exit 1; }
grep "suanli: CUDA backend" "$OUT/configure.log"
cmake --build "$BUILD" -j"$(nproc)" --target suanli_exe suanli_tests > "$OUT/build.log" 2>&1 \
  || { echo "build failed"; grep -E "error|FAILED" "$OUT/build.log" | head -30; exit 1; }

echo "== GPU tests"
"$BUILD/suanli_tests" --gtest_filter='CudaBackend*:OpenDevice*:BenchCommand*:Calibrate*' \
  2>&1 | tee "$OUT/gpu-tests.txt" | grep -E "OK|SKIPPED|FAILED|PASSED"

echo "== suanli bench --device cuda:0 --quick"
/usr/bin/time -v "$BUILD/suanli" bench --device cuda:0 --quick --id gpu-measured \
  --out "$OUT/gpu-measured.toml" > "$OUT/bench-quick.txt" 2> "$OUT/bench-quick.stderr"
echo "exit $?"
cat "$OUT/bench-quick.txt"
grep -E "Elapsed|Maximum resident" "$OUT/bench-quick.stderr"
"$BUILD/suanli" bench --device cuda:0 --quick --format json > "$OUT/bench-quick.json" 2>/dev/null || true

echo "== the profile loads as a chip, and calibrate refits the catalog's H100"
"$BUILD/suanli" chip "$OUT/gpu-measured.toml" > "$OUT/chip.txt" 2>&1; echo "chip exit $?"
for chip in h100 h200; do
  "$BUILD/suanli" calibrate --chip "$chip" --profile "$OUT/gpu-measured.toml" \
    > "$OUT/calibrate-$chip.txt" 2>&1 && cat "$OUT/calibrate-$chip.txt" && break
done
echo "== done $(date -u +%FT%TZ)"
