#!/usr/bin/env bash
# Benchmark: time from process start to PDF written, and peak memory, for the sample
# case (release build). Usage: scripts/bench.sh [runs]; BIN=path/to/juesuan to time another build
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
cargo build --release --quiet
bin=${BIN:-target/release/juesuan}
out=$(mktemp -d)
case=input-samples/tunliu-zuzhibu-2023
"$bin" generate "$case" -o "$out/warmup.pdf" >/dev/null   # page cache warm
start=$(date +%s.%N)
for i in $(seq "$runs"); do
  "$bin" generate "$case" -o "$out/s.pdf" >/dev/null
done
end=$(date +%s.%N)
per=$(echo "($end - $start) / $runs" | bc -l)
peak=$(python3 - "$bin" "$case" "$out/m.pdf" <<'PY'
import resource, subprocess, sys
subprocess.run([sys.argv[1], "generate", sys.argv[2], "-o", sys.argv[3]], check=True, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
PY
)
size=$(stat -c %s "$out/s.pdf")
pages=$(pdfinfo "$out/s.pdf" 2>/dev/null | awk '/^Pages:/{print $2}')
printf 'machine: %s, %s cores\n' "$(uname -m)" "$(nproc)"
printf 'sample: %s pages, %s bytes\n' "$pages" "$size"
printf 'time per document (process start to PDF written, mean of %s): %.3f s\n' "$runs" "$per"
printf 'peak memory (max RSS): %s MB\n' "$peak"

# Batch: 100 cases made here, each with its own department name (one output file
# each) and different prior-year figures (so no two documents are identical),
# rendered by one process in parallel.
batch=$out/batch
mkdir -p "$batch"
for i in $(seq -w 1 100); do
  mkdir -p "$batch/case$i"
  cp "$case"/*.xlsx "$batch/case$i/"
  # 收入总计 and 支出总计 move together (check refuses a year whose totals differ), and
  # stay above last year's 财政拨款 part of them. Each name is the workbook's with a
  # bracketed note (`某部（001）`), as check accepts: another body's name is an error.
  sed -e "s/\"收入总计\" = \"1,367.52\"/\"收入总计\" = \"$((1367 + 10#$i)).52\"/" \
      -e "s/\"支出总计\" = \"1,367.52\"/\"支出总计\" = \"$((1367 + 10#$i)).52\"/" \
      -e "s/^\"部门名称\" = \"\(.*\)\"/\"部门名称\" = \"\1（$i）\"/" \
      "$case/部门信息.toml" > "$batch/case$i/部门信息.toml"
done
bstart=$(date +%s.%N)
bpeak=$(python3 - "$bin" "$batch" "$out/pdfs" <<'PY'
import resource, subprocess, sys
subprocess.run([sys.argv[1], "generate", sys.argv[2], "-o", sys.argv[3]], check=True, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
PY
)
bend=$(date +%s.%N)
made=$(ls "$out/pdfs" | wc -l)
[ "$made" -eq 100 ] || { echo "batch wrote $made PDFs, expected 100" >&2; exit 1; }
btime=$(echo "$bend - $bstart" | bc -l)
printf 'batch of 100 cases: %.2f s wall, %.3f s per document, %.1f documents/s, peak memory %s MB\n' \
  "$btime" "$(echo "$btime / 100" | bc -l)" "$(echo "100 / $btime" | bc -l)" "$bpeak"
rm -rf "$out"
