#!/usr/bin/python3
"""False alarms of `hapgsim compare` (issue 8): PAIRS A/A pairs, each two runs of the
same configuration (scenarios/markov-two.yaml, shortened) with different seeds, 8
replications each, compared over every metric.  A false alarm is an exit status 1
(some metric significantly worse, family-wise); any verdict better or worse that
survives Holm's procedure is counted too.  Fails above 5 %.

    aa_false_alarms.py --hapgsim build/hapgsim --root . [--pairs 200]

Standard library only.  Prints the measured rates."""

import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile


def run(hapgsim, scenario, seed, out, duration):
    subprocess.run([hapgsim, "run", scenario, "-s", str(seed), "-r", "8", "-j", "1", "-q",
                    "--set", "duration=" + duration, "--set", "warmup=200s", "-o", out],
                   check=True, capture_output=True)


def compare(hapgsim, a, b):
    out = subprocess.run([hapgsim, "compare", a, b, "--format", "json"], capture_output=True,
                         text=True, check=False)
    if out.returncode not in (0, 1):
        raise RuntimeError("compare exit %d: %s" % (out.returncode, out.stderr))
    table = json.loads(out.stdout)
    found = sum(1 for c in table["comparisons"]
                if c["significant"] and c["verdict"] in ("better", "worse", "changed"))
    naive = sum(1 for c in table["comparisons"]
                if c["in_family"] and c["verdict"] in ("better", "worse", "changed"))
    return out.returncode, found, naive, table["family"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hapgsim", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--pairs", type=int, default=200)
    ap.add_argument("--duration", default="2000s")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    scenario = os.path.join(a.root, "scenarios", "markov-two.yaml")
    with tempfile.TemporaryDirectory(prefix="hapgsim-aa-") as tmp:
        files = [os.path.join(tmp, "r%d.json" % k) for k in range(2 * a.pairs)]
        with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
            list(ex.map(lambda k: run(a.hapgsim, scenario, 1000 + k, files[k], a.duration),
                        range(2 * a.pairs)))
            res = list(ex.map(lambda p: compare(a.hapgsim, files[2 * p], files[2 * p + 1]),
                              range(a.pairs)))
    alarms = sum(1 for rc, _, _, _ in res if rc == 1)
    any_sig = sum(1 for _, f, _, _ in res if f > 0)
    naive = sum(1 for _, _, n, _ in res if n > 0)
    family = res[0][3]
    print("A/A false alarms: %d of %d pairs exit 1 (%.1f %%); %d (%.1f %%) with any metric "
          "better or worse family-wise; without Holm %d (%.1f %%) would have had one; "
          "family of %d metrics"
          % (alarms, a.pairs, 100 * alarms / a.pairs, any_sig, 100 * any_sig / a.pairs, naive,
             100 * naive / a.pairs, family))
    if any_sig > 0.05 * a.pairs:
        print("A/A false alarms: FAILED (above 5 %)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
