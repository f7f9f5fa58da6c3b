#!/usr/bin/env bash
# End-to-end ingest throughput next to Python baselines, measured in the same run over the same files.
#   Benchmarks/IngestBaseline/run.sh [ROOT] [MB]
# 1. generates ROOT (default /tmp/hindsight-ingest-bench) with MB (default 64) of signals + outcomes JSONL;
# 2. times `json.loads` and `orjson.loads` loops over both files (best of 3);
# 3. times `hindsight ingest --once` (release build; read + split + parse + normalize + encode + zstd +
#    append with fsync per 4 MiB frame) into a fresh log, zstd levels 3 (default), 1, -1, -3 and -5 (LEVELS='…'
#    overrides), best of 3 each;
# 4. with PACKAGE_BENCHMARK=1, also runs the ordo-one target `IngestBenchmarks` (the same ingest in-process, plus
#    a Foundation JSONSerialization baseline) over the same root in the same invocation.
# Prints the load average before and after: on a shared machine, CPU seconds are the per-core figure.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="${1:-/tmp/hindsight-ingest-bench}"
MB="${2:-64}"
[ -f "$ROOT/logs/signals.jsonl" ] || python3 Benchmarks/IngestBaseline/ingest_baseline.py generate "$ROOT" --mb "$MB"
swift build -c release --product hindsight >/dev/null
BIN=.build/release/hindsight
BYTES=$(( $(stat -c %s "$ROOT/logs/signals.jsonl") + $(stat -c %s "$ROOT/logs/signal_outcomes.jsonl") ))
echo "input: $ROOT, $BYTES bytes; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 Benchmarks/IngestBaseline/ingest_baseline.py baseline "$ROOT" --repeat 3
# Wall time is noisy on a shared machine; CPU time (user + sys) of the single-threaded ingest is the
# per-core figure.
TIMEFORMAT='%R %U %S'
for level in ${LEVELS:-3 1 -1 -3 -5}; do
  best=""; bestcpu=""
  for _ in 1 2 3; do
    LOG=$(mktemp -d /tmp/hindsight-bench-log.XXXXXX)
    read -r wall user sys < <( { time "$BIN" ingest --root "$ROOT" --log "$LOG" --once --compression-level="$level" >/dev/null; } 2>&1 )
    size=$(du -sb "$LOG" | cut -f1)
    rm -rf "$LOG"
    cpu=$(echo "$user + $sys" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$wall < $best" | bc -l)" = 1 ]; then best=$wall; fi
    if [ -z "$bestcpu" ] || [ "$(echo "$cpu < $bestcpu" | bc -l)" = 1 ]; then bestcpu=$cpu; fi
  done
  printf 'hindsight ingest --once, zstd %s: best of 3: wall %.3f s = %.1f MB/s; cpu %.3f s = %.1f MB/s per core (log %d bytes, %.1f%% of input)\n' \
    "$level" "$best" "$(echo "$BYTES / $best / 1000000" | bc -l)" "$bestcpu" "$(echo "$BYTES / $bestcpu / 1000000" | bc -l)" \
    "$size" "$(echo "100 * $size / $BYTES" | bc -l)"
done
if [ "${PACKAGE_BENCHMARK:-0}" = 1 ]; then
  (cd Benchmarks && HINDSIGHT_INGEST_BENCH_ROOT="$ROOT" swift package --disable-sandbox benchmark --target IngestBenchmarks)
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
