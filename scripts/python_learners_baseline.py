#!/usr/bin/env python3
"""Baseline for `hindsight replay`: a plain Python loop doing what the reference bot's learners do.

It reads a bot root the way the reference learners do (json.loads per JSONL line, json.load of the positions
document) and aggregates with dicts: signal EV per name and horizon (signal_weight_learner.py), combo
stats (continuous_learning_controller.py killed combos), timeframe ROI EWMAs (seed 004 allocation),
disposition and gate counts (counterfactual / gate feedback). No I/O beyond reading; prints one JSON summary
line with the elapsed time so scripts/replay_vs_python.sh can compute the ratio.

Usage: python3 scripts/python_learners_baseline.py BOT_ROOT
"""
import json
import math
import os
import sys
import time

HORIZONS = ["1m", "5m", "15m", "30m", "1h"]


def read_jsonl(path):
    if not os.path.exists(path):
        return
    with open(path, "rb") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except ValueError:
                continue


def main(root):
    start = time.perf_counter()
    records = 0

    # signal_weight_learner.calculate_signal_ev: wins/losses per name and horizon.
    ev = {}
    for rec in read_jsonl(os.path.join(root, "logs/signal_outcomes.jsonl")):
        records += 1
        name = rec.get("signal_name") or rec.get("signal") or "?"
        per = ev.setdefault(name, {h: [0, 0.0, 0, 0.0] for h in HORIZONS})
        returns = rec.get("returns") or {}
        hits = rec.get("hits") or {}
        for h in HORIZONS:
            r = abs(float(returns.get(h) or 0.0))
            acc = per[h]
            if hits.get(h):
                acc[0] += 1
                acc[1] += r
            else:
                acc[2] += 1
                acc[3] += r
    weights = {}
    for name, per in ev.items():
        best = -1e9
        for h, (nw, sw, nl, sl) in per.items():
            n = nw + nl
            if n == 0:
                continue
            wr = nw / n
            e = wr * (sw / nw if nw else 0.0) - (1 - wr) * (sl / nl if nl else 0.0)
            best = max(best, e)
        weights[name] = max(-0.2, min(0.2, 10 * best))

    # Dispositions and gates (signals.jsonl) and blocked trades.
    dispositions = {}
    for rec in read_jsonl(os.path.join(root, "logs/signals.jsonl")):
        records += 1
        key = (rec.get("symbol"), str(rec.get("disposition", "")).lower(), rec.get("block_gate") or rec.get("gate"))
        dispositions[key] = dispositions.get(key, 0) + 1
    blocked = {}
    for rec in read_jsonl(os.path.join(root, "state/blocked_trades.jsonl")):
        records += 1
        key = (rec.get("symbol"), rec.get("gate") or rec.get("block_gate") or rec.get("reason"))
        blocked[key] = blocked.get(key, 0) + 1

    # Killed combos and timeframe ROI EWMA over closed positions.
    combos = {}
    roi = {}
    path = os.path.join(root, "logs/positions_futures.json")
    if os.path.exists(path):
        with open(path, "rb") as f:
            doc = json.load(f)
        for pos in doc.get("closed_positions", []):
            records += 1
            side = str(pos.get("direction") or pos.get("side") or "").upper()
            key = f"{pos.get('symbol')}_{side}"
            pnl = float(pos.get("net_pnl") or pos.get("pnl") or pos.get("realized_pnl") or 0.0)
            c = combos.setdefault(key, [0, 0, 0.0])
            c[0] += 1
            c[1] += 1 if pnl > 0 else 0
            c[2] += pnl
            margin = float(pos.get("margin_collateral") or pos.get("size_usd") or 0.0)
            r = pnl / margin * 100 if margin else 0.0
            tf = pos.get("timeframe") or "unknown"
            w = math.exp(-0.0 / 14)
            alpha = w / (w + 1)
            roi[tf] = (1 - alpha) * roi.get(tf, 1.0) + alpha * r
    killed = sorted(k for k, (n, wins, pnl) in combos.items() if n >= 20 and wins / n < 0.35 and pnl < 0)

    elapsed = time.perf_counter() - start
    print(json.dumps({
        "records": records,
        "seconds": round(elapsed, 6),
        "signals_with_ev": len(weights),
        "killed_combos": len(killed),
        "timeframes": sorted(roi),
        "disposition_keys": len(dispositions),
        "blocked_keys": len(blocked),
    }))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        sys.exit(64)
    main(sys.argv[1])
