#!/usr/bin/env bash
# `hindsight replay` of DAYS of simulated bot history vs a plain Python loop doing what the reference bot's
# learners do (json.loads per line + dict aggregation: scripts/python_learners_baseline.py), same machine,
# same run. Prints both times (wall and CPU) and the ratio.
#
#   scripts/replay_vs_python.sh [DAYS=365] [BIN=.build/release/hindsight]
#
# The replay runs into the root itself, as a user runs it: exports (whole files and append-only JSONL) and
# snapshots (per cadence and one at the end) under the root.
set -euo pipefail
DAYS=${1:-365}
BIN=${2:-.build/release/hindsight}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(mktemp -d /tmp/hindsight-year.XXXXXX)
TIMES=$(mktemp /tmp/hindsight-times.XXXXXX)
trap 'rm -rf "$ROOT" "$TIMES" "$TIMES.hs" "$TIMES.py"' EXIT

"$BIN" simulate --out "$ROOT" --days "$DAYS" --seed 1 >/dev/null
"$BIN" ingest --root "$ROOT" --once >/dev/null
EVENTS=$("$BIN" log stats --root "$ROOT" --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("events", d.get("event_count", "?")))')
BYTES=$(du -cb "$ROOT"/logs/*.jsonl "$ROOT"/logs/positions_futures.json "$ROOT"/state/*.jsonl 2>/dev/null | tail -1 | cut -f1)

now() { python3 -c 'import time; print(time.perf_counter())'; }
T0=$(now); /usr/bin/time -f "%U %S" -o "$TIMES.hs" "$BIN" replay --root "$ROOT" >/dev/null; T1=$(now)
PY=$(/usr/bin/time -f "%U %S" -o "$TIMES.py" python3 "$HERE/python_learners_baseline.py" "$ROOT")
T2=$(now)
SNAP=$(du -cb "$ROOT"/state/hindsight/snapshots/*.hsnap 2>/dev/null | tail -1 | cut -f1)
JSONL=$(du -cb "$ROOT"/logs/enriched_decisions*.jsonl "$ROOT"/logs/counterfactual_outcomes.jsonl 2>/dev/null | tail -1 | cut -f1)
python3 - "$T0" "$T1" "$T2" "$EVENTS" "$BYTES" "$PY" "$(cat "$TIMES.hs")" "$(cat "$TIMES.py")" "$SNAP" "$JSONL" <<'PYEOF'
import json, sys
t0, t1, t2 = map(float, sys.argv[1:4])
events, size, py = sys.argv[4], int(sys.argv[5]), json.loads(sys.argv[6])
hs_cpu = sum(map(float, sys.argv[7].split()))
py_cpu = sum(map(float, sys.argv[8].split()))
snap, jsonl = int(sys.argv[9] or 0), int(sys.argv[10] or 0)
hs = t1 - t0
pw = t2 - t1
print(f"input: {size/1e6:.1f} MB of bot files, {events} events in the log")
print(f"hindsight replay (every projection + learner, from the zstd log, exports + snapshots under the root): "
      f"{hs:.2f} s wall, {hs_cpu:.2f} s CPU; JSONL exports {jsonl/1e6:.1f} MB, snapshots on disk {snap/1e6:.2f} MB")
print(f"python baseline (json.loads per line + dict aggregation, process): {pw:.2f} s wall, {py_cpu:.2f} s CPU "
      f"(its own loop: {py['seconds']:.2f} s over {py['records']} records)")
print(f"ratio python / hindsight: {pw/hs:.2f}x wall, {py_cpu/hs_cpu:.2f}x CPU")
PYEOF
