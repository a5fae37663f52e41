#!/usr/bin/python3
"""Coverage of `hapgsim run --precision` (issue 8): over RUNS precision-stopped runs
of an M/M/1 queue whose mean latency is known (20 ms, mm1.yaml), count how often the
reported 95 % interval of latency.mean_ms holds it.  Fails below 93 %.

    coverage.py --hapgsim build/hapgsim [--runs 200] [--target 2%]

Standard library only.  Prints the measured coverage and the replications used."""

import argparse
import concurrent.futures
import json
import os
import subprocess
import sys

TRUE_MEAN_MS = 20.0


def one(hapgsim, scenario, seed, target):
    out = subprocess.run([hapgsim, "run", scenario, "-s", str(seed), "-j", "1", "-q",
                          "--format", "json", "--precision", "latency.mean_ms=" + target],
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError("seed %d: exit %d: %s" % (seed, out.returncode, out.stderr))
    r = json.loads(out.stdout)
    lo, hi = r["metrics"]["latency.mean_ms"]["ci95"]
    return lo <= TRUE_MEAN_MS <= hi, r["replications"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hapgsim", required=True)
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--target", default="2%")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    scenario = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mm1.yaml")
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
        res = list(ex.map(lambda s: one(a.hapgsim, scenario, s, a.target), range(1, a.runs + 1)))
    covered = sum(1 for c, _ in res if c)
    reps = sorted(n for _, n in res)
    rate = covered / len(res)
    print("coverage: %d of %d precision-stopped runs (latency.mean_ms=%s) hold the true mean "
          "%.1f ms: %.1f %%; replications used: min %d, median %d, max %d"
          % (covered, len(res), a.target, TRUE_MEAN_MS, 100 * rate, reps[0], reps[len(reps) // 2],
             reps[-1]))
    if rate < 0.93:
        print("coverage: FAILED (below 93 %)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
