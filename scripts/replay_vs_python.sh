#!/usr/bin/env bash
# `hindsight replay` of a year of simulated bot history vs a plain Python loop doing what the reference bot's
# learners do (json.loads per line + dict aggregation: scripts/python_learners_baseline.py), same machine,
# same run. Prints both times and the ratio.
#
#   scripts/replay_vs_python.sh [DAYS=365] [BIN=.build/release/hindsight]
set -euo pipefail
DAYS=${1:-365}
BIN=${2:-.build/release/hindsight}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(mktemp -d /tmp/hindsight-year.XXXXXX)
trap 'rm -rf "$ROOT"' EXIT

"$BIN" simulate --out "$ROOT" --days "$DAYS" --seed 1 >/dev/null
"$BIN" ingest --root "$ROOT" --once >/dev/null
EVENTS=$("$BIN" log stats --root "$ROOT" --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("events", d.get("event_count", "?")))')
BYTES=$(du -cb "$ROOT"/logs/*.jsonl "$ROOT"/logs/positions_futures.json "$ROOT"/state/*.jsonl 2>/dev/null | tail -1 | cut -f1)

now() { python3 -c 'import time; print(time.perf_counter())'; }
# `replay` (full replay from seq 0, exports to --out); `snapshot export` does the same on a root without snapshots.
if "$BIN" replay --help >/dev/null 2>&1; then REPLAY=(replay --root "$ROOT" --out "$ROOT/replay-out")
else REPLAY=(snapshot export --root "$ROOT" --out "$ROOT/replay-out"); fi
T0=$(now); "$BIN" "${REPLAY[@]}" >/dev/null; T1=$(now)
PY=$(python3 "$HERE/python_learners_baseline.py" "$ROOT")
T2=$(now)
python3 - "$T0" "$T1" "$T2" "$EVENTS" "$BYTES" "$PY" <<'PYEOF'
import json, sys
t0, t1, t2 = map(float, sys.argv[1:4])
events, size, py = sys.argv[4], int(sys.argv[5]), json.loads(sys.argv[6])
hs = t1 - t0
pw = t2 - t1
print(f"input: {size/1e6:.1f} MB of bot files, {events} events in the log")
print(f"hindsight replay (all projections + learners, from the zstd log, writes exports): {hs:.2f} s")
print(f"python baseline (json.loads per line + dict aggregation, process wall time): {pw:.2f} s "
      f"(its own loop: {py['seconds']:.2f} s over {py['records']} records)")
print(f"ratio python / hindsight: {pw/hs:.1f}x")
PYEOF
