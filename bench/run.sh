#!/bin/sh
# bench/run.sh - runs the kernel benchmarks and the peers of ../shared/peers in one go,
# so that speed ratios are measured on the same machine in the same minutes.
#   bench/run.sh [BUILD_DIR]        (default build)
set -eu
cd "$(dirname "$0")/.."
B=${1:-build}
PEERS=${PEERS:-../shared/peers}
echo "== machine"; nproc; lscpu | grep -E 'Model name|MHz|L2|L3' || true
echo "== kernel: hold (median of 5)"
"$B/bench/hold" 5
for d in 2 4 8; do "$B/bench/hold_heap$d" 5 | tail -n 1; done
echo "== kernel: M/M/1 (median of 5)"
"$B/bench/mm1" 1000000 5
if [ -d "$PEERS" ]; then
    tmp=$(mktemp -d)
    echo "== peer: bare C M/M/1 loop"
    cc -O2 -std=c11 -o "$tmp/mm1_limit" "$PEERS/mm1_limit.c" -lm && "$tmp/mm1_limit"
    PY=/usr/bin/python3     # Debian's, where python3-simpy installs SimPy 2.3
    if $PY -c 'import SimPy' 2>/dev/null; then
        echo "== peer: SimPy 2.3 M/M/1"
        $PY "$PEERS/simpy_mm1.py"
    fi
    rm -rf "$tmp"
fi
