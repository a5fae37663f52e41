#!/usr/bin/env python3
"""Fluid mode against the operations mode (issue 9), on the same seeds.

For each case, runs the study in both modes (workload.mode=operations and fluid, same
seed, same replications: the fault streams are the same ones) and checks that every
metric of the agreement list (latency included) agrees: the two 95 % intervals overlap, or, where a metric
has no interval in either mode (nothing observed, all replications equal), the means are
equal.  Prints one table per case and the speed-up in events; exits 1 on a
disagreement.  A deterministic test: same binary, same verdict.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time

METRICS = [
    "availability.time", "unavailability.time", "outage.count", "outage.total_s",
    "recovery.time_to_rejoin_s", "recovery.attempts", "recovery.auto",
    "recovery.exhausted", "recovery.manual", "consistency.in_sync_time",
    "consistency.in_flight_time",
    "consistency.max_pending", "durability.at_risk_time", "availability.requests",
    "failover.count", "consistency.stale_reads", "throughput.ops_s",
    "latency.mean_ms", "latency.p50_ms", "latency.p90_ms", "latency.p99_ms",
]

# (name, scenario relative to the source root, overrides); QUICK: the cases --quick
# runs (sanitizer builds), smaller
QUICK = {
    "active, exponential faults": ["replications=6", "duration=20000s"],
    "retry 0, the operator brings it back": ["replications=6"],
    "reference study (90 days)": ["duration=30d", "replications=4"],
}
CASES = [
    ("active, exponential faults", "scenarios/markov-two.yaml",
     ["replications=12", "duration=50000s"]),
    ("passive 60s, power and zone faults", "scenarios/regression/passive-60s.yaml",
     ["replications=16"]),
    ("active retry 5 / 300 s, operator", "scenarios/regression/active-retry5-300s.yaml",
     ["replications=12"]),
    ("retry 0, the operator brings it back", "scenarios/retry-exhaustion.yaml",
     ["clients.auto_recovery.retry=0", "replications=16"]),
    ("isolation, synchronize on, deletes", "scenarios/regression/sync-consistency.yaml",
     ["replications=12"]),
    ("isolation, synchronize off", "scenarios/regression/sync-consistency.yaml",
     ["clients.synchronize=false", "replications=12"]),
    ("zone outage, six members", "scenarios/zone-outage-3az.yaml", ["replications=8"]),
    ("tamper and zeroize", "scenarios/tamper-zeroize.yaml", []),
    # uniform keys: with Zipf keys the operations mode moves the newest object into a
    # deleted one's (popular) rank, which fluid mode does not (docs/model.md)
    ("asynchronous mirroring", "scenarios/async-cluster.yaml",
     ["workload.key_choice=uniform", "workload.initial_objects=20"]),
    ("reference study (90 days)", "scenarios/reference-two-az.yaml",
     ["duration=90d", "replications=12"]),
]


def run(hapgsim, scenario, overrides, mode, out):
    cmd = [hapgsim, "run", scenario, "-q", "-o", out, "--set", "workload.mode=" + mode]
    for o in overrides:
        cmd += ["--set", o]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit("%s failed (%d): %s" % (" ".join(cmd), p.returncode, p.stderr))
    with open(out) as f:
        return json.load(f)


def within(x, iv, tol=1e-6):
    """x inside an interval, give or take `tol` of its scale (printing precision)."""
    pad = tol * max(abs(iv[0]), abs(iv[1]), 1e-300)
    return iv[0] - pad <= x <= iv[1] + pad


def agree(a, b):
    """Whether two aggregates agree, and how it was judged."""
    if a["n"] == 0 and b["n"] == 0:
        return True, "both null"
    if a["n"] == 0 or b["n"] == 0:
        return False, "null in one mode only"
    ia, ib = a.get("ci95"), b.get("ci95")
    if ia and ib and a["estimable"] and b["estimable"]:
        return ia[0] <= ib[1] and ib[0] <= ia[1], "intervals"
    # no interval in one mode at least: nothing seen there (then its one-sided bound
    # holds the other's mean), or every replication equal
    ma, mb = a["mean"], b["mean"]
    for (x, y, my) in ((a, b, mb), (b, a, ma)):
        if not x["estimable"] and x.get("upper95") is not None:
            return my <= x["upper95"], "under the bound of nothing seen"
    if ia and a["estimable"]:
        return within(mb, ia), "mean in interval"
    if ib and b["estimable"]:
        return within(ma, ib), "mean in interval"
    return math.isclose(ma, mb, rel_tol=1e-9, abs_tol=1e-12), "equal means"


def fmt(a):
    if a["n"] == 0:
        return "null"
    iv = a.get("ci95")
    if iv and a["estimable"]:
        return "%.6g [%.6g, %.6g]" % (a["mean"], iv[0], iv[1])
    return "%.6g (no interval)" % a["mean"]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--hapgsim", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--case", help="only the cases whose name contains this")
    ap.add_argument("--quick", action="store_true", help="a few small cases (sanitizers)")
    args = ap.parse_args()
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, scenario, overrides in CASES:
            if args.case and args.case not in name:
                continue
            if args.quick:
                if name not in QUICK:
                    continue
                overrides = overrides + QUICK[name]
            path = os.path.join(args.root, scenario)
            t0 = time.monotonic()
            ops = run(args.hapgsim, path, overrides, "operations", os.path.join(tmp, "o.json"))
            t1 = time.monotonic()
            flu = run(args.hapgsim, path, overrides, "fluid", os.path.join(tmp, "f.json"))
            t2 = time.monotonic()
            eo = ops["metrics"]["engine.events"]["mean"]
            ef = flu["metrics"]["engine.events"]["mean"]
            print("== %s (%s %s; events per replication %.4g -> %.4g, %.0fx fewer; "
                  "wall %.1f s -> %.2f s)" % (name, scenario, " ".join(overrides), eo, ef,
                                             eo / max(ef, 1), t1 - t0, t2 - t1))
            names = METRICS + sorted(k for k in ops["metrics"] if k.startswith("member."))
            for m in names:
                a, b = ops["metrics"][m], flu["metrics"][m]
                ok, how = agree(a, b)
                print("  %-4s %-28s ops %-40s fluid %-40s (%s)"
                      % ("ok" if ok else "FAIL", m, fmt(a), fmt(b), how))
                if not ok:
                    failures.append("%s: %s" % (name, m))
    if failures:
        print("\n%d disagreements:\n  %s" % (len(failures), "\n  ".join(failures)))
        return 1
    print("\nall metrics agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
