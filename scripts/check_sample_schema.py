#!/usr/bin/env python3
"""Independent check of a (simulated) bot root against the reference bot's formats.

Written from docs/reference (trading-bot-formats.md), not from hindsight's normalizer, so a shared
misunderstanding cannot hide a format bug. For every record it checks:
  * it is exactly what Python's json.dumps would write (JSONL: json.dumps(obj) == line;
    positions: json.dumps(doc, indent=2) == file), which pins separators and float repr;
  * field presence and types per the reference schema, timestamp spellings per the timestamp zoo;
  * outcome arithmetic: returns = round((p_h - p0)/p0, 6), hits by direction, ev_contribution (§2.2);
  * position close arithmetic: price_roi uses the long formula only for direction == "LONG" (§1.3);
  * broken records: exactly the lines truth.json lists as broken fail to parse or fail the schema.

Usage: scripts/check_sample_schema.py ROOT   (exit 0 when every check passes)
"""
import json
import re
import sys

NAIVE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$")
ZULU = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$")
UTC_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$")
ARIZONA = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?-07:00$")
HORIZONS = ["1m", "5m", "15m", "30m", "1h"]
EV_WEIGHTS = {"1m": 0.05, "5m": 0.15, "15m": 0.25, "30m": 0.25, "1h": 0.30}
COMPONENTS = {"liquidation", "funding", "oi_velocity", "whale_flow", "ofi_momentum", "fear_greed", "hurst",
              "lead_lag", "volatility_skew", "oi_divergence", "ensemble"}


class Bad(Exception):
    pass


def need(cond, msg):
    if not cond:
        raise Bad(msg)


def is_num(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def check_signal(r):
    keys = ["ts", "ts_iso", "symbol", "side", "disposition", "entry_price", "intelligence", "block_reason",
            "block_gate", "context", "counterfactual_pending"]
    need(list(r.keys()) == keys, f"signals keys {list(r.keys())}")
    need(isinstance(r["ts"], int) and not isinstance(r["ts"], bool), "ts must be int")
    need(isinstance(r["ts_iso"], str) and NAIVE.match(r["ts_iso"]), "ts_iso naive UTC")
    need(isinstance(r["symbol"], str) and r["symbol"].endswith("USDT"), "symbol")
    need(r["side"] in ("LONG", "SHORT"), "side")
    need(r["disposition"] in ("executed", "blocked", "warned", "EXECUTED", "BLOCKED"), "disposition")
    need(r["entry_price"] is None or is_num(r["entry_price"]), "entry_price")
    intel = r["intelligence"]
    need(list(intel.keys()) == ["ofi", "ofi_raw", "ensemble", "mtf_confidence", "regime", "volatility",
                                "market_intel", "fear_greed", "taker_ratio", "liquidation_bias"], "intelligence keys")
    need(isinstance(intel["market_intel"], dict), "market_intel")
    need(r["counterfactual_pending"] == (r["disposition"] != "EXECUTED"), "counterfactual_pending")
    if r["disposition"].upper() == "BLOCKED":
        need(isinstance(r["block_reason"], str), "blocked without reason")
    if r["disposition"].isupper():
        need(is_num(r["entry_price"]), "unified shape carries a price")
        need(set(r["context"].keys()) == {"strategy", "venue"}, "unified context")
    else:
        need(r["entry_price"] is None and r["block_gate"] is None and r["context"] == {}, "live shape")


def check_outcome(r):
    keys = ["ts", "symbol", "signal_name", "direction", "confidence", "price_at_signal", "prices", "returns", "hits",
            "ev_contribution", "partial"]
    need(list(r.keys()) == keys, f"outcome keys {list(r.keys())}")
    need(isinstance(r["ts"], str) and (NAIVE.match(r["ts"]) or ZULU.match(r["ts"])), "outcome ts")
    need(isinstance(r["symbol"], str), "symbol")
    need(r["signal_name"] in COMPONENTS, "signal_name")
    need(r["direction"] in ("LONG", "SHORT"), "direction")
    need(is_num(r["confidence"]) and 0 <= r["confidence"] <= 1, "confidence")
    p0 = r["price_at_signal"]
    need(is_num(p0) and p0 > 0, "price_at_signal")
    hs = list(r["prices"].keys())
    need(hs == [h for h in HORIZONS if h in hs], "horizon order")
    need(list(r["returns"].keys()) == hs and list(r["hits"].keys()) == hs, "horizon sets differ")
    need(r["partial"] or hs == HORIZONS, "complete outcome misses horizons")
    need(len(hs) > 0, "no horizons")
    num = den = 0.0
    for h in hs:
        ret = round((r["prices"][h] - p0) / p0, 6)
        need(r["returns"][h] == ret, f"return {h}: {r['returns'][h]} != {ret}")
        hit = ret > 0 if r["direction"] == "LONG" else ret < 0
        need(r["hits"][h] is hit, f"hit {h}")
        num += EV_WEIGHTS[h] * (abs(ret) if hit else -abs(ret))
        den += EV_WEIGHTS[h]
    ev = round(r["confidence"] * num / den, 6)
    need(abs(r["ev_contribution"] - ev) <= 1.5e-6, f"ev {r['ev_contribution']} != {ev}")


def check_blocked(r):
    if "bot_id" in r:
        need(r["bot_id"] == "beta" and r["block_gate"] == "beta_filter", "beta shape")
        need(isinstance(r["ts"], float) and ZULU.match(r["ts_iso"]), "beta ts")
        need(r["direction"] in ("LONG", "SHORT") and isinstance(r["symbol"], str), "beta side/symbol")
    elif "weighted_score" in r:
        need(NAIVE.match(r["ts"]) is not None, "conviction ts")
        need(r["price_at_block"] is None and isinstance(r["signals"], dict), "conviction shape")
        need(r["direction"] in ("LONG", "SHORT") and isinstance(r["symbol"], str), "conviction side/symbol")
        need(re.match(r"^OFI \d\.\d{3} below required 0\.500 for (LONG|SHORT)$", r["block_reason"]), "reason")
    else:
        keys = ["ts", "ts_iso", "symbol", "side", "signal_price", "expected_move_pct", "block_gate", "block_reason",
                "sizing_multiplier", "signal_context", "status", "counterfactual_pnl", "counterfactual_pnl_pct"]
        need(list(r.keys()) == keys, f"blocked keys {list(r.keys())}")
        need(isinstance(r["ts"], float) and UTC_OFFSET.match(r["ts_iso"]), "tracker ts")
        need(isinstance(r["symbol"], str) and r["side"] in ("LONG", "SHORT"), "tracker side/symbol")
        need(is_num(r["signal_price"]) and r["signal_price"] > 0, "signal_price")
        need(isinstance(r["block_gate"], str) and r["status"] == "blocked", "gate/status")


def check_position(p, closed):
    for k, t in [("symbol", str), ("direction", str), ("strategy", str), ("opened_at", str)]:
        need(isinstance(p.get(k), t), f"position {k} type")
    need(is_num(p["entry_price"]), "entry_price")
    need(p["direction"] in ("LONG", "SHORT", "long"), "direction")
    need(ARIZONA.match(p["opened_at"]), "opened_at -07:00")
    need(p.get("timeframe") in ("15m", "1h", "4h"), "timeframe")
    need(isinstance(p["leverage"], int) and is_num(p["size"]) and is_num(p["margin_collateral"]), "sizing")
    need(abs(p["size"] - p["margin_collateral"] * p["leverage"]) < 1e-6 * max(1, p["size"]), "size = margin*lev")
    need((p["peak_price"] is not None) == (p["direction"] == "LONG"), "peak only for LONG")
    if "gate_attribution" in p:
        ga = p["gate_attribution"]
        for f in ["intel", "streak", "regime", "fee", "roi"]:
            need(ga[f + "_reason"] == p[f + "_reason"], "top-level reason mirrors attribution")
            need(is_num(ga[f + "_mult"]), "mult")
    if not closed:
        return None
    if "exit_time" in p:
        need(ARIZONA.match(p["exit_time"]) and p["status"] == "closed" and is_num(p["realized_pnl"]), "zombie")
        return "zombie_fields"
    need(is_num(p["exit_price"]), "exit_price")
    if p["close_reason"] == "zombie_cleanup_corrupted_data":
        need(NAIVE.match(p["closed_at"]) and "price_roi" not in p, "corrupted zombie")
        return "zombie_corrupted"
    need(ARIZONA.match(p["closed_at"]), "closed_at -07:00")
    e, x, lev, m = p["entry_price"], p["exit_price"], p["leverage"], p["margin_collateral"]
    roi = (x - e) / e if p["direction"] == "LONG" else (e - x) / e
    need(abs(p["price_roi"] - roi) < 1e-12, "price_roi formula")
    fees = 2 * 0.0006 * m * lev
    need(abs(p["trading_fees"] - fees) < 1e-9, "trading fees")
    net = roi * lev - fees / m - p["funding_fees"] / m
    need(abs(p["net_roi"] - net) < 1e-9 and abs(p["pnl"] - m * net) < 1e-6, "net roi / pnl")
    need(abs(p["pnl_pct"] - 100 * p["net_roi"]) < 1e-9, "pnl_pct percent")
    return "lowercase_long" if p["direction"] == "long" else "standard"


def check_jsonl(root, rel, checker, facts):
    broken_expected = set(facts["broken_records"])
    broken_seen = set()
    n = 0
    with open(f"{root}/{rel}", "rb") as f:
        data = f.read()
    need(data.endswith(b"\n") or not data, f"{rel}: last line unterminated")
    for i, raw in enumerate(data.split(b"\n")[:-1], start=1):
        n += 1
        text = raw.decode("ascii")
        try:
            obj = json.loads(text)
            need(isinstance(obj, dict), "not an object")
            need(json.dumps(obj) == text, "not byte-identical to json.dumps")
            checker(obj)
        except (ValueError, Bad, KeyError, TypeError, AttributeError) as e:
            if i not in broken_expected:
                raise Bad(f"{rel}:{i}: {e}: {text[:200]}")
            broken_seen.add(i)
    need(broken_seen == broken_expected, f"{rel}: broken lines {sorted(broken_expected - broken_seen)} parsed fine")
    need(n == facts["records"], f"{rel}: {n} lines, truth says {facts['records']}")
    return n


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    truth = json.load(open(f"{root}/truth.json"))
    files = truth["files"]
    counts = {}
    counts["signals"] = check_jsonl(root, "logs/signals.jsonl", check_signal, files["logs/signals.jsonl"])
    counts["outcomes"] = check_jsonl(root, "logs/signal_outcomes.jsonl", check_outcome,
                                     files["logs/signal_outcomes.jsonl"])
    counts["blocked"] = check_jsonl(root, "state/blocked_trades.jsonl", check_blocked,
                                    files["state/blocked_trades.jsonl"])
    text = open(f"{root}/logs/positions_futures.json").read()
    doc = json.loads(text)
    need(json.dumps(doc, indent=2) == text, "positions document is not json.dumps(indent=2)")
    need(list(doc.keys()) == ["open_positions", "closed_positions", "created_at"], "positions top level")
    for p in doc["open_positions"]:
        check_position(p, closed=False)
    broken = set(files["logs/positions_futures.json"]["broken_records"])
    kinds = {}
    for i, p in enumerate(doc["closed_positions"]):
        try:
            k = check_position(p, closed=True)
            kinds[k] = kinds.get(k, 0) + 1
            need(i not in broken, f"closed[{i}] should be broken")
        except (Bad, KeyError, TypeError) as e:
            if i not in broken:
                raise Bad(f"closed_positions[{i}]: {e}")
    need(len(doc["open_positions"]) + len(doc["closed_positions"]) == files["logs/positions_futures.json"]["records"],
         "position count")
    print(f"ok: {root}: {counts}, closed kinds {dict(sorted(kinds.items()))}, open {len(doc['open_positions'])}")


if __name__ == "__main__":
    try:
        main()
    except Bad as e:
        print(f"FAIL: {e}", file=sys.stderr)
        sys.exit(1)
