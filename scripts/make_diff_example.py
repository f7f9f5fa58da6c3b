#!/usr/bin/env python3
"""Writes the small bot root used by the examples in docs/diff.md (deterministic, seed 4).

- logs/positions_futures.json: seed 004's walkthrough, three closed trades: 15m +5 %, 1h -2 %, 4h +3 %
  net return on margin (5x leverage, 200 USD margin, 0.6 USD fees), closing at 12:00, 14:00, 16:00 UTC on 2025-12-10
  (the first day of the outcomes, so ingest order and event time agree).
- logs/signal_outcomes.jsonl: 30 days of outcomes of the ten reference components, one every ~40 s, where
  whale_flow and funding hit 58 % of the time, hurst and lead_lag 42 %, the others 50 %.

Usage: python3 scripts/make_diff_example.py ROOT
"""
import json
import os
import random
import sys
from datetime import datetime, timedelta, timezone

COMPONENTS = ["liquidation", "funding", "oi_velocity", "whale_flow", "ofi_momentum", "fear_greed", "hurst",
              "lead_lag", "volatility_skew", "oi_divergence"]
HIT_RATE = {"whale_flow": 0.58, "funding": 0.58, "hurst": 0.42, "lead_lag": 0.42}
HORIZONS = ["1m", "5m", "15m", "30m", "1h"]


def closed(tf, opened, closed_at, roi):
    entry, lev, margin, fees = 100.0, 5, 200.0, 0.6
    exit_price = entry * (1 + (roi + fees / margin) / lev)
    return {"symbol": "SOLUSDT", "direction": "LONG", "strategy": "lowcap", "timeframe": tf,
            "entry_price": entry, "size": margin * lev, "leverage": lev, "margin_collateral": margin,
            "opened_at": opened, "exit_price": round(exit_price, 6), "closed_at": closed_at,
            "close_reason": "example", "trading_fees": fees, "funding_fees": 0.0}


def main(root):
    os.makedirs(os.path.join(root, "logs"), exist_ok=True)
    doc = {"open_positions": [], "closed_positions": [
        closed("15m", "2025-12-10T10:00:00+00:00", "2025-12-10T12:00:00+00:00", 0.05),
        closed("1h", "2025-12-10T11:00:00+00:00", "2025-12-10T14:00:00+00:00", -0.02),
        closed("4h", "2025-12-10T09:00:00+00:00", "2025-12-10T16:00:00+00:00", 0.03),
    ]}
    with open(os.path.join(root, "logs/positions_futures.json"), "w") as f:
        json.dump(doc, f, indent=2)
    rng = random.Random(4)
    t = datetime(2025, 12, 10, tzinfo=timezone.utc)
    end = t + timedelta(days=30)
    with open(os.path.join(root, "logs/signal_outcomes.jsonl"), "w") as f:
        while t < end:
            t += timedelta(seconds=rng.randint(20, 60))
            name = rng.choice(COMPONENTS)
            direction = rng.choice(["LONG", "SHORT"])
            p0 = 100.0
            prices, returns, hits = {}, {}, {}
            for h in HORIZONS:
                hit = rng.random() < HIT_RATE.get(name, 0.5)
                size = rng.uniform(0.001, 0.02)
                r = size if (hit == (direction == "LONG")) else -size
                prices[h] = round(p0 * (1 + r), 6)
                returns[h] = round(r, 6)
                hits[h] = hit
            rec = {"ts": t.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "symbol": "BTCUSDT", "signal_name": name,
                   "direction": direction, "confidence": round(rng.uniform(0.3, 1.0), 3), "price_at_signal": p0,
                   "prices": prices, "returns": returns, "hits": hits, "ev_contribution": 0.0, "partial": False}
            f.write(json.dumps(rec) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        sys.exit(64)
    main(sys.argv[1])
