#!/usr/bin/env bash
# Alternates `hindsight ingest --once` binaries over the run.sh root and prints, per binary, the minimum CPU time
# (user + sys) and the minimum wall time of RUNS runs: the way to compare two builds on a shared machine, where
# the spread between sessions is larger than most code changes.
#   Benchmarks/IngestBaseline/ab.sh LEVEL RUNS BIN_A BIN_B [BIN...]     (ROOT=… overrides the input root)
# Make the root first with run.sh (or ingest_baseline.py generate). Prints the load average before and after.
set -euo pipefail
ROOT="${ROOT:-/tmp/hindsight-ingest-bench}"
BYTES=$(( $(stat -c %s "$ROOT/logs/signals.jsonl") + $(stat -c %s "$ROOT/logs/signal_outcomes.jsonl") ))
level=$1; runs=$2; shift 2
declare -A mincpu minwall
echo "input: $ROOT, $BYTES bytes; zstd $level; $runs runs each; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
TIMEFORMAT='%R %U %S'
for _ in $(seq "$runs"); do
  for b in "$@"; do
    LOG=$(mktemp -d /tmp/hindsight-ab-log.XXXXXX)
    read -r wall user sys < <( { time "$b" ingest --root "$ROOT" --log "$LOG" --once --compression-level="$level" >/dev/null; } 2>&1 )
    rm -rf "$LOG"
    cpu=$(echo "$user + $sys" | bc -l)
    if [ -z "${mincpu[$b]:-}" ] || [ "$(echo "$cpu < ${mincpu[$b]}" | bc -l)" = 1 ]; then mincpu[$b]=$cpu; fi
    if [ -z "${minwall[$b]:-}" ] || [ "$(echo "$wall < ${minwall[$b]}" | bc -l)" = 1 ]; then minwall[$b]=$wall; fi
  done
done
for b in "$@"; do
  printf '%s: min cpu %.3f s = %.1f MB/s per core; min wall %.3f s = %.1f MB/s\n' "$b" "${mincpu[$b]}" \
    "$(echo "$BYTES / ${mincpu[$b]} / 1000000" | bc -l)" "${minwall[$b]}" "$(echo "$BYTES / ${minwall[$b]} / 1000000" | bc -l)"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
