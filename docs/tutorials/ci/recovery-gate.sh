#!/bin/sh
# Recovery-policy regression gate, for CI (docs/tutorials/regression-gate.md).
#
#   sh docs/tutorials/ci/recovery-gate.sh BASE.yaml CANDIDATE.yaml OUTDIR
#
# BASE.yaml is the policy scenario as it is on the main branch, CANDIDATE.yaml as the
# change makes it; they should keep the same seed.  Run it from the repository root;
# HAPGSIM names the program (default build/hapgsim).  The reports go to OUTDIR.
# Exit status:
#   0  the candidate keeps every service level of its expect: section, and no gated
#      metric is significantly worse than the base's by more than its tolerance;
#   1  a service level fails or stays undecided, or a gated metric is worse;
#   2  a scenario or an option is invalid.
set -u
hapgsim=${HAPGSIM:-build/hapgsim}
if [ $# -ne 3 ]; then
    echo "usage: $0 BASE.yaml CANDIDATE.yaml OUTDIR" >&2
    exit 2
fi
base=$1 candidate=$2 out=$3
mkdir -p "$out" || exit 2

# 1. The candidate's service levels.  --precision adds replications until the 95 %
#    interval of availability.time is +-0.0002 wide at most (200 replications at
#    most), so that its verdict is decided; run exits 1 when a bound fails or
#    stays inconclusive.
"$hapgsim" run "$candidate" --quiet --precision availability.time=0.0002 \
    --max-replications 200 -o "$out/levels.txt"
levels=$?
[ "$levels" -ge 2 ] && exit 2
sed -n '/^precision/p; /^expect$/,$p' "$out/levels.txt"
if grep -q '^  inconclusive ' "$out/levels.txt"; then
    levels=1          # not proven: treat as a failure
fi

# 2. Base against candidate on the same 40 replications (same seeds, same faults):
#    compare exits 1 when a gated metric is significantly worse beyond its tolerance.
"$hapgsim" run "$base" --quiet -r 40 -o "$out/base.json"
[ $? -ge 2 ] && exit 2
"$hapgsim" run "$candidate" --quiet -r 40 -o "$out/candidate.json"
[ $? -ge 2 ] && exit 2
"$hapgsim" compare "$out/base.json" "$out/candidate.json" -o "$out/compare.txt" \
    -m availability.time         -t availability.time=0.0002 \
    -m recovery.time_to_rejoin_s -t recovery.time_to_rejoin_s=20% \
    -m durability.at_risk_time   -t durability.at_risk_time=20%
compared=$?
[ "$compared" -ge 2 ] && exit 2
sed -n '/^metric/,$p' "$out/compare.txt"

if [ "$levels" -ne 0 ] || [ "$compared" -ne 0 ]; then
    echo "recovery gate: FAIL"
    exit 1
fi
echo "recovery gate: pass"
