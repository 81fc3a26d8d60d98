#!/usr/bin/env python3
"""The lab's challenge model (src/Fountain.Lab/Models/Challenges/ChallengeModel.cs) in plain Python 3.

Same semantics as the C# engine: an immutable state per substep (a new dict and new lists each substep, no deep
copies), policies that return signals, state update functions that read the state as the substep began, one
generator per (simulation, subset, run), only the last substep of each timestep recorded, rows streamed to CSV.

--rng portable uses the lab's own generator (cluster-lab/labrandom.py: SHA-256 seeding + xoshiro256**), so the
output can be compared with the C# run number for number; --rng mt uses Python's C-implemented Mersenne Twister,
the fastest generator plain Python has, for a benchmark that does not penalise Python for 64-bit arithmetic.
"""
import argparse
import hashlib
import json
import math
import os
import random
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "cluster-lab"))
from labrandom import LabRandom  # noqa: E402

HONEST, LAZY, OUTSOURCING, FLAKY = 0, 1, 2, 3

DEFAULTS = {
    "nodes": 1000, "lazy-fraction": 0.1, "lazy-stored-fraction": 0.5, "outsourcing-fraction": 0.05,
    "outsource-fetch-seconds-median": 1.5, "outsource-fetch-sigma": 0.5, "flaky-fraction": 0.05, "flaky-uptime": 0.9,
    "honest-failure-probability": 0.001, "honest-response-seconds": 0.3, "challenge-probability-per-epoch": 0.1,
    "challenge-deadline-seconds": 2.0, "penalty-epochs": 100, "reward-pool-per-epoch": 1000.0,
    "storage-cost-per-epoch": 0.5, "fetch-cost-per-challenge": 0.05,
}

METRICS = ["challenges", "failures", "false-positives", "honest-penalized", "lazy-caught-fraction",
           "mean-epochs-to-catch-lazy", "outsourcing-caught-fraction", "profit-honest", "profit-lazy",
           "profit-outsourcing", "profit-flaky"]


class MtRandom:
    """Python's Mersenne Twister behind the same two calls the model makes."""

    def __init__(self, seed, simulation, subset, run):
        digest = hashlib.sha256(b"fountain-lab-rng-v1" + struct.pack("<qqqq", seed, simulation, subset, run)).digest()
        self._r = random.Random(int.from_bytes(digest, "little"))
        self.next_double = self._r.random


def next_normal(rng):
    u1 = 1.0 - rng.next_double()
    u2 = rng.next_double()
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


def behaviours(p):
    n = p["nodes"]
    n_lazy, n_out, n_flaky = round(p["lazy-fraction"] * n), round(p["outsourcing-fraction"] * n), round(p["flaky-fraction"] * n)
    n_honest = max(0, n - n_lazy - n_out - n_flaky)
    return ([HONEST] * n_honest + [LAZY] * n_lazy + [OUTSOURCING] * n_out + [FLAKY] * n_flaky)[:n]


def ranges(kinds):
    """[start, end) of each kind's nodes: kinds lie in contiguous ranges, as in ChallengeParameters.RangeOf."""
    out = []
    for k in (HONEST, LAZY, OUTSOURCING, FLAKY):
        idx = [i for i, x in enumerate(kinds) if x == k]
        out.append((idx[0], idx[-1] + 1) if idx else (0, 0))
    return out


def initial_state(p):
    n = p["nodes"]
    state = {"online": [True] * n, "penalized-until": [0] * n, "first-caught": [-1] * n, "profit": [0.0] * n}
    state.update({m: 0 for m in METRICS[:4]})
    state.update({m: 0.0 for m in METRICS[4:]})
    return state


def policy_challenge(p, ranges_of, t, s, rng):
    n = p["nodes"]
    online, failed = [False] * n, [False] * n
    challenged = failures = false_positives = 0
    uptime, c, stored, fault = p["flaky-uptime"], p["challenge-probability-per-epoch"], p["lazy-stored-fraction"], p["honest-failure-probability"]
    median, sigma = p["outsource-fetch-seconds-median"], p["outsource-fetch-sigma"]
    budget = p["challenge-deadline-seconds"] - p["honest-response-seconds"]
    nd = rng.next_double
    for kind, (lo, hi) in enumerate(ranges_of):
        for i in range(lo, hi):
            up = kind != FLAKY or nd() < uptime
            online[i] = up
            if not nd() < c:
                continue
            challenged += 1
            if not up:
                passed = False
            elif kind == LAZY:
                passed = nd() < stored and not nd() < fault
            elif kind == OUTSOURCING:
                passed = median * math.exp(sigma * next_normal(rng)) <= budget
            else:
                passed = not nd() < fault
            if passed:
                continue
            failed[i] = True
            failures += 1
            if up and (kind == HONEST or kind == FLAKY):
                false_positives += 1
    return {"online": online, "failed": failed, "challenged": challenged, "failed-count": failures, "false-positives": false_positives}


def substep_challenge(p, ranges_of, t, s, rng):
    sig = policy_challenge(p, ranges_of, t, s, rng)
    failed = sig["failed"]
    end = t + p["penalty-epochs"] - 1
    until = [end if f else u for f, u in zip(failed, s["penalized-until"])]
    caught = [t if (f and c < 0) else c for f, c in zip(failed, s["first-caught"])]
    new = dict(s)
    new.update({"online": sig["online"], "penalized-until": until, "first-caught": caught,
                "challenges": s["challenges"] + sig["challenged"], "failures": s["failures"] + sig["failed-count"],
                "false-positives": s["false-positives"] + sig["false-positives"]})
    return new


def policy_payouts(p, ranges_of, t, s):
    n = p["nodes"]
    online, until, profit, caught = s["online"], s["penalized-until"], s["profit"], s["first-caught"]
    eligible = 0
    for i in range(n):
        if online[i] and until[i] < t:
            eligible += 1
    share = 0 if eligible == 0 else p["reward-pool-per-epoch"] / eligible
    storage, lazy_cost = p["storage-cost-per-epoch"], p["storage-cost-per-epoch"] * p["lazy-stored-fraction"]
    fetch = p["fetch-cost-per-challenge"] * p["challenge-probability-per-epoch"]
    next_profit = [0.0] * n
    profit_sum, count, caught_count, caught_epochs = [0.0] * 4, [0] * 4, [0] * 4, [0.0] * 4
    honest_penalized = 0
    for kind, (lo, hi) in enumerate(ranges_of):
        cost = lazy_cost if kind == LAZY else fetch if kind == OUTSOURCING else storage
        total = epochs = 0.0
        caught_here = penalized = 0
        for i in range(lo, hi):
            pay = (share if (online[i] and until[i] < t) else 0) - cost
            balance = profit[i] + pay
            next_profit[i] = balance
            total += balance
            if caught[i] >= 0:
                caught_here += 1
                epochs += caught[i]
            if until[i] >= t:
                penalized += 1
        profit_sum[kind], count[kind], caught_count[kind], caught_epochs[kind] = total, hi - lo, caught_here, epochs
        if kind == HONEST:
            honest_penalized = penalized

    def mean(total, k):
        return 0.0 if k == 0 else total / k

    return {
        "profit": next_profit, "honest-penalized": honest_penalized,
        "lazy-caught-fraction": mean(caught_count[LAZY], count[LAZY]),
        "mean-epochs-to-catch-lazy": mean(caught_epochs[LAZY], caught_count[LAZY]),
        "outsourcing-caught-fraction": mean(caught_count[OUTSOURCING], count[OUTSOURCING]),
        "profit-honest": mean(profit_sum[HONEST], count[HONEST]), "profit-lazy": mean(profit_sum[LAZY], count[LAZY]),
        "profit-outsourcing": mean(profit_sum[OUTSOURCING], count[OUTSOURCING]), "profit-flaky": mean(profit_sum[FLAKY], count[FLAKY]),
    }


def substep_rewards(p, ranges_of, t, s, rng):
    sig = policy_payouts(p, ranges_of, t, s)
    new = dict(s)
    new["profit"] = sig["profit"]
    for m in METRICS[3:]:
        new[m] = sig[m]
    return new


BLOCKS = [substep_challenge, substep_rewards]


def run(p, seed, runs, timesteps, rng_kind, out):
    ranges_of = ranges(behaviours(p))  # the substeps need only where each kind's nodes lie
    make = LabRandom if rng_kind == "portable" else MtRandom
    out.write("simulation,subset,run,substep,timestep," + ",".join(METRICS) + "\n")
    for r in range(1, runs + 1):
        rng = make(seed, 0, 0, r)
        s = initial_state(p)
        rows = ["0,0,%d,0,0,%s" % (r, ",".join(repr(s[m]) for m in METRICS))]
        for t in range(1, timesteps + 1):
            for block in BLOCKS:
                s = block(p, ranges_of, t, s, rng)
            rows.append("0,0,%d,%d,%d,%s" % (r, len(BLOCKS), t, ",".join(repr(s[m]) for m in METRICS)))
        out.write("\n".join(rows) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--nodes", type=int, default=1000)
    ap.add_argument("--timesteps", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rng", choices=["portable", "mt"], default="mt")
    ap.add_argument("--out", default=os.devnull)
    a = ap.parse_args()
    p = dict(DEFAULTS, nodes=a.nodes)
    start, cpu = time.perf_counter(), time.process_time()
    with open(a.out, "w") as out:
        run(p, a.seed, a.runs, a.timesteps, a.rng, out)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(json.dumps({"implementation": "python", "rng": a.rng, "nodes": a.nodes, "timesteps": a.timesteps, "runs": a.runs,
                      "seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3),
                      "timesteps_per_second": round(a.timesteps * a.runs / seconds, 1),
                      "timesteps_per_cpu_second": round(a.timesteps * a.runs / cpu, 1)}))


if __name__ == "__main__":
    main()
