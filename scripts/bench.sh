#!/usr/bin/env bash
# Benchmark: time from process start to PDF written, and peak memory, for the sample
# case (release build). Usage: scripts/bench.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
cargo build --release --quiet
bin=target/release/juesuan
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
pages=$(python3 -c "import re,sys;print(len(re.findall(rb'/Type\s*/Page[^s]', open(sys.argv[1],'rb').read())))" "$out/s.pdf")
printf 'machine: %s, %s cores\n' "$(uname -m)" "$(nproc)"
printf 'sample: %s pages, %s bytes\n' "$pages" "$size"
printf 'time per document (process start to PDF written, mean of %s): %.3f s\n' "$runs" "$per"
printf 'peak memory (max RSS): %s MB\n' "$peak"
rm -rf "$out"
