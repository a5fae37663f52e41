#!/bin/sh
# bench/rare.sh - splitting (estimator: splitting) on the rare-event studies of issue 10.
#   bench/rare.sh [BUILD_DIR]        (default build)
#
# 1. --precision unavailability.time=10% (95 %), -j 2, wall time: on
#    scenarios/rare-nines.yaml (three members, about 1e-9, fluid), and on
#    scenarios/reference-two-az.yaml in fluid mode, with splitting and with crude
#    replications.
# 2. The work-normalized variance gain over crude at about 1e-6 (the rare-nines group
#    with faults every 100 h): (variance x events per replication) of crude over the
#    same of splitting, each from its own replications.
set -eu
cd "$(dirname "$0")/.."
B=${1:-build}
H="$B/hapgsim"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

field() {   # field FILE METRIC KEY: a metric's aggregate field from a results file
    python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['metrics'][sys.argv[2]][sys.argv[3]])" "$@"
}

timed() {   # timed LABEL ARGS...: runs hapgsim, prints wall time and the outcome
    label=$1; shift
    t0=$(date +%s.%N)
    "$H" "$@" -q -o "$tmp/out.json" >/dev/null 2>&1 || true
    t1=$(date +%s.%N)
    python3 - "$tmp/out.json" "$label" "$t0" "$t1" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
u = d["metrics"]["unavailability.time"]
iv = u["ci95"] or [float("nan")] * 2
half = (iv[1] - iv[0]) / 2 / u["mean"] if u["mean"] else float("nan")
est = d.get("estimator", {})
print("%-34s %7.1f s  %5d replications  U %.4g [%.4g, %.4g] (+-%.1f %%)  events %.3g%s"
      % (sys.argv[2], float(sys.argv[4]) - float(sys.argv[3]), d["completed"], u["mean"],
         iv[0], iv[1], 100 * half, d["metrics"]["engine.events"]["mean"] * d["completed"],
         "  splits %s" % est["splits"] if est else ""))
EOF
}

echo "== machine"; nproc; uptime
echo "== exact figure"
"$H" analytic scenarios/rare-nines.yaml | grep -E 'unavailability.time|outage.count'
echo "== --precision unavailability.time=10%, -j 2"
timed "rare-nines, splitting" run scenarios/rare-nines.yaml -j 2 --precision unavailability.time=10%
timed "reference (fluid), splitting" run scenarios/reference-two-az.yaml -j 2 \
    --set workload.mode=fluid --set estimator=splitting --precision unavailability.time=10%
timed "reference (fluid), crude" run scenarios/reference-two-az.yaml -j 2 \
    --set workload.mode=fluid --precision unavailability.time=10% --max-replications 200000

echo "== work-normalized variance gain at about 1e-6 (faults every 100 h)"
sed -e 's/mean: 1000h/mean: 100h/' -e 's/^name: rare-nines/name: rare-six/' \
    scenarios/rare-nines.yaml > "$tmp/six.yaml"
"$H" analytic "$tmp/six.yaml" | grep -E 'unavailability.time'
"$H" run "$tmp/six.yaml" -j 2 -r 32 -q -o "$tmp/split.json" >/dev/null 2>&1 || true
"$H" run "$tmp/six.yaml" -j 2 -r 4000 --set estimator=crude -q -o "$tmp/crude.json" >/dev/null 2>&1 || true
python3 - "$tmp/split.json" "$tmp/crude.json" <<'EOF'
import json, sys
s, c = (json.load(open(p)) for p in sys.argv[1:3])
def work(d):
    u = d["metrics"]["unavailability.time"]
    ev = d["metrics"]["engine.events"]["mean"]
    return u["mean"], u["stddev"] ** 2, ev
ms, vs, es = work(s)
mc, vc, ec = work(c)
print("splitting: U %.4g, variance %.3g, events %.3g a replication" % (ms, vs, es))
print("crude:     U %.4g, variance %.3g, events %.3g a replication" % (mc, vc, ec))
print("work-normalized variance gain (crude var x events / splitting var x events): %.0fx"
      % ((vc * ec) / (vs * es)))
EOF
