#!/usr/bin/env python3
"""Ingest benchmark companion: generates realistic bot JSONL (seeded) and times Python baselines on it.

  ingest_baseline.py generate ROOT [--mb 64] [--seed 7]   write ROOT/logs/signals.jsonl + signal_outcomes.jsonl
  ingest_baseline.py baseline ROOT [--repeat 3]           time `json.loads` and `orjson.loads` loops over both

The baselines read the file line by line and parse every line, which is the part of ingest Python tools do
(no normalization, no compression, no append): they are a floor, not an equivalent. Prints MB/s per loop.
"""
import argparse
import json
import random
import sys
import time

SYMBOLS = ["BTCUSDT", "ETHUSDT", "SOLUSDT", "DOGEUSDT", "XRPUSDT", "AVAXUSDT", "BNBUSDT", "ADAUSDT", "LINKUSDT"]
SIGNALS = ["liquidation", "funding", "oi_velocity", "whale_flow", "fear_greed", "hurst", "lead_lag", "volatility_skew"]


def iso(ts, rng, z):
    t = time.gmtime(ts)
    return time.strftime("%Y-%m-%dT%H:%M:%S", t) + ".%06d" % rng.randrange(1000000) + ("Z" if z else "")


def signal_line(rng, ts):
    sym = rng.choice(SYMBOLS)
    disp = rng.choice(["blocked", "executed", "warned", "BLOCKED", "EXECUTED"])
    fg = rng.randrange(10, 90)
    tr = round(rng.uniform(0.5, 1.5), 4)
    lb = round(rng.uniform(-1, 1), 4)
    rec = {
        "ts": ts, "ts_iso": iso(ts, rng, False), "symbol": sym, "side": rng.choice(["LONG", "SHORT"]),
        "disposition": disp, "entry_price": None if disp.islower() else round(rng.uniform(0.1, 90000), 4),
        "intelligence": {
            "ofi": round(rng.uniform(-1, 1), 4), "ofi_raw": None, "ensemble": round(rng.uniform(-1, 1), 4),
            "mtf_confidence": round(rng.random(), 4), "regime": rng.choice(["Stable", "trending", "unknown"]),
            "volatility": round(rng.random() * 0.05, 6),
            "market_intel": {"fear_greed": fg, "taker_ratio": tr, "liquidation_bias": lb,
                             "signal_direction": rng.choice(["LONG", "SHORT"]), "signal_confidence": round(rng.random(), 2),
                             "liq_long_24h": round(rng.uniform(1e5, 1e7), 1), "liq_short_24h": round(rng.uniform(1e5, 1e7), 1),
                             "buy_ratio": 0.476, "sell_ratio": 0.524},
            "fear_greed": fg, "taker_ratio": tr, "liquidation_bias": lb},
        "block_reason": "Alpha thresholds not met: OFI=0.42<0.50 or ENS=0.08<0.05" if disp.lower() == "blocked" else None,
        "block_gate": None, "context": {}, "counterfactual_pending": disp != "EXECUTED",
    }
    return json.dumps(rec)


def outcome_line(rng, ts):
    p0 = round(rng.uniform(0.1, 90000), 4)
    hs = ["1m", "5m", "15m", "30m", "1h"]
    prices = {h: round(p0 * (1 + rng.uniform(-0.01, 0.01)), 4) for h in hs}
    returns = {h: round((prices[h] - p0) / p0, 6) for h in hs}
    d = rng.choice(["LONG", "SHORT"])
    rec = {"ts": iso(ts, rng, True), "symbol": rng.choice(SYMBOLS), "signal_name": rng.choice(SIGNALS),
           "direction": d, "confidence": round(rng.random(), 4), "price_at_signal": p0, "prices": prices,
           "returns": returns, "hits": {h: (returns[h] > 0) == (d == "LONG") for h in hs},
           "ev_contribution": round(rng.uniform(-0.01, 0.01), 6), "partial": False}
    return json.dumps(rec)


FILES = ["logs/signals.jsonl", "logs/signal_outcomes.jsonl"]


def generate(root, mb, seed):
    import os
    rng = random.Random(seed)
    os.makedirs(os.path.join(root, "logs"), exist_ok=True)
    for rel, make in zip(FILES, [signal_line, outcome_line]):
        ts = 1765823600
        written = 0
        with open(os.path.join(root, rel), "w") as f:
            while written < mb * 1024 * 1024 // 2:
                ts += rng.randrange(0, 5)
                line = make(rng, ts)
                f.write(line + "\n")
                written += len(line) + 1


def baseline(root, repeat):
    import os
    paths = [os.path.join(root, rel) for rel in FILES]
    size = sum(os.path.getsize(p) for p in paths)
    results = {}
    loops = [("python json.loads", json.loads)]
    try:
        import orjson
        loops.append(("orjson.loads", orjson.loads))
    except ImportError:
        print("orjson not installed", file=sys.stderr)
    for name, loads in loops:
        best = None
        bestcpu = None
        for _ in range(repeat):
            start = time.perf_counter()
            cpu0 = time.process_time()
            n = 0
            for path in paths:
                with open(path, "rb") as f:
                    for line in f:
                        if line.strip():
                            loads(line)
                            n += 1
            elapsed = time.perf_counter() - start
            cpu = time.process_time() - cpu0
            best = elapsed if best is None else min(best, elapsed)
            bestcpu = cpu if bestcpu is None else min(bestcpu, cpu)
        results[name] = size / bestcpu / 1e6
        print(f"{name}: {size / 1e6:.1f} MB, {n} lines, best of {repeat}: wall {best:.3f} s = {size / best / 1e6:.1f} MB/s;"
              f" cpu {bestcpu:.3f} s = {size / bestcpu / 1e6:.1f} MB/s per core")
    return results


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("root")
    g.add_argument("--mb", type=int, default=64)
    g.add_argument("--seed", type=int, default=7)
    b = sub.add_parser("baseline")
    b.add_argument("root")
    b.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    if a.cmd == "generate":
        generate(a.root, a.mb, a.seed)
    else:
        baseline(a.root, a.repeat)


if __name__ == "__main__":
    main()
