#!/usr/bin/env bash
# Append-to-effect latency of `hindsight run` at a given record rate, using the simulator's live mode.
#
#   scripts/run_latency.sh [RATE=1000] [SECONDS=30] [BIN=.build/release/hindsight]
#
# The simulator (`hindsight simulate --live --rate RATE`) appends bot records stamped with the wall clock as it
# writes them; `hindsight run` ingests and folds them in-process and, on SIGTERM, prints in its --json summary
# the percentiles of (wall clock when the event was folded into the projections) - (event time of the record)
# for DecisionLogged/TradeBlocked events, i.e. record appended -> effect in the projection state.
set -euo pipefail
RATE=${1:-1000}
SECONDS_TO_RUN=${2:-30}
BIN=${3:-.build/release/hindsight}
ROOT=$(mktemp -d /tmp/hindsight-latency.XXXXXX)
trap 'kill $SIM $RUN 2>/dev/null || true; rm -rf "$ROOT"' EXIT

# run first (so no backlog is counted as latency), then the live bot.
"$BIN" run --root "$ROOT" --json >"$ROOT.run.json" 2>"$ROOT.run.err" &
RUN=$!
sleep 2
"$BIN" simulate --out "$ROOT" --live --rate "$RATE" --seed 1 >/dev/null 2>"$ROOT.sim.err" &
SIM=$!
sleep "$SECONDS_TO_RUN"
kill -TERM $RUN
wait $RUN
kill -TERM $SIM 2>/dev/null || true
wait $SIM 2>/dev/null || true
echo "rate=$RATE records/s requested, ${SECONDS_TO_RUN}s, $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$ROOT.run.json"
rm -f "$ROOT.run.json" "$ROOT.run.err" "$ROOT.sim.err"
