#!/bin/bash
# bench/dist.sh [BUILD_DIR] - shards and merge on this machine: a fixed sweep (the
# small study of tests/cli, 2 points x 40 replications = 80 units) run as one process,
# as K = 1 and K = 2 shards (two processes at once, one thread each) and as
# mpirun -n 2; the merge alone; the sizes of the shard files.  Prints one line per
# figure; every result is checked against the single run's sha256.
set -eu
cd "$(dirname "$0")/.."
B=$(cd "${1:-build}" && pwd)
H=$B/hapgsim
STUDY="sweep $PWD/tests/cli/small.yaml --sweep clients.auto_recovery.retry=0,3 -r 40 -q"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
t0=$(now); $H $STUDY -j 2 -o "$T/single.json"; t1=$(now)
echo "single process -j 2: $(secs $t0 $t1) s"
t0=$(now); $H $STUDY -j 1 -o "$T/single1.json"; t1=$(now)
echo "single process -j 1: $(secs $t0 $t1) s"
ref=$(sha256sum < "$T/single.json")
t0=$(now); $H $STUDY -j 2 --shard 0/1 --out "$T/k1"; t1=$(now)
$H merge "$T/k1" -o "$T/k1.json" -q; t2=$(now)
echo "K=1 shard -j 2: $(secs $t0 $t1) s, merge $(secs $t1 $t2) s"
t0=$(now)
$H $STUDY -j 1 --shard 0/2 --out "$T/k2" & p=$!
$H $STUDY -j 1 --shard 1/2 --out "$T/k2"
wait $p
t1=$(now); $H merge "$T/k2" -o "$T/k2.json" -q; t2=$(now)
echo "K=2 shards at once, -j 1 each: $(secs $t0 $t1) s, merge $(secs $t1 $t2) s"
if command -v mpirun >/dev/null; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    export OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none
    t0=$(now); mpirun -n 2 --oversubscribe $H $STUDY -j 1 --mpi --out "$T/mpi" -o "$T/mpi.json"; t1=$(now)
    echo "mpirun -n 2, -j 1 each (merge included): $(secs $t0 $t1) s"
fi
for f in k1 k2 mpi; do
    [ -f "$T/$f.json" ] || continue
    [ "$(sha256sum < "$T/$f.json")" = "$ref" ] && echo "$f: identical to the single run" || echo "$f: DIFFERS"
done
echo "shard files (K=2): $(du -cb "$T"/k2/*.jsonl | tail -1 | cut -f1) bytes for 80 units, $(wc -c < "$T/k2/shard-0-of-2.jsonl") + $(wc -c < "$T/k2/shard-1-of-2.jsonl")"
echo "header: $(head -1 "$T/k2/shard-0-of-2.jsonl" | wc -c) bytes, record: $(sed -n 2p "$T/k2/shard-0-of-2.jsonl" | wc -c) bytes"
# the merge's own cost on a bigger folder: the same 80 records copied as 40 studies'
# worth is not possible (the header pins the study), so time merge on a 2 x 400 sweep's
# shards written by --shard (run time not counted)
STUDY2="sweep $PWD/tests/cli/small.yaml --sweep clients.auto_recovery.retry=0,3 -r 400 -q --set duration=2h"
$H $STUDY2 -j 2 --shard 0/4 --out "$T/big"; $H $STUDY2 -j 2 --shard 1/4 --out "$T/big"
$H $STUDY2 -j 2 --shard 2/4 --out "$T/big"; $H $STUDY2 -j 2 --shard 3/4 --out "$T/big"
t0=$(now); $H merge "$T/big" -o "$T/big.json" -q; t1=$(now)
echo "merge of 800 units (4 shards, $(du -cb "$T"/big/*.jsonl | tail -1 | cut -f1) bytes): $(secs $t0 $t1) s"
