#!/bin/bash
# tests/dist/shards.sh HAPGSIM STUDY.yaml - shards and merge (docs/distributed.md): a
# sweep and a run cut into K = 1, 3 and 7 shards by a shell loop and merged give the
# sha256 of the single-machine results; a shard killed mid-way (and its file torn) is
# resumed by running it again.
. "$(dirname "$0")/common.sh"

$H $SWEEP -j 2 -o single.json || fail "the single-machine sweep"
$H $SWEEP -j 2 -o single.csv || fail "the single-machine sweep (CSV)"
for K in 1 3 7; do
    for i in $(seq 0 $((K - 1))); do
        $H $SWEEP -j 1 --shard "$i/$K" --out "s$K" || fail "sweep shard $i/$K"
    done
    $H merge "s$K" -o "merged$K.json" -q || fail "merge of $K shards"
    same "merged$K.json" single.json "sweep, $K shards: JSON identical"
done
# more shards than units: the empty ones are complete at once
for i in $(seq 0 12); do $H $SWEEP -j 1 --shard "$i/13" --out s13 || fail "sweep shard $i/13"; done
$H merge s13 -o merged13.json -q && same merged13.json single.json "sweep, 13 shards for 12 units: identical"
$H merge s3 -o merged3.csv -q && same merged3.csv single.csv "sweep, 3 shards: CSV identical"
[ -z "$($H merge --missing s7 -q)" ] && ok "merge --missing: nothing left" || fail "merge --missing on a complete folder"

# a run (one point; its histograms travel in the records)
RUN="run $STUDY -r 16 -q"
$H $RUN -j 2 -o run.json 2>/dev/null
runstatus=$?      # 0, or 1 when an expect: bound failed: merge must exit the same
[ $runstatus -le 1 ] || fail "the single-machine run"
for i in 0 1 2; do $H $RUN -j 1 --shard "$i/3" --out r3 || fail "run shard $i/3"; done
$H merge r3 -o run3.json -q 2>/dev/null
[ $? -eq $runstatus ] || fail "merge of the run: not run's exit status $runstatus"
same run3.json run.json "run, 3 shards: JSON identical (histograms too)"
$H merge r3 -o run3.json -q --set x 2>/dev/null; [ $? -eq 2 ] || fail "merge --set: not exit 2"

# a shard killed mid-way, its last line torn, then run again
$H $RUN -j 1 --shard 0/1 --out killed &
pid=$!
for _ in $(seq 1 300); do
    n=$(cat killed/shard-0-of-1.jsonl 2>/dev/null | wc -l)
    [ "$n" -ge 4 ] && break
    sleep 0.05
done
kill -KILL $pid 2>/dev/null
wait $pid 2>/dev/null
n=$(wc -l < killed/shard-0-of-1.jsonl)
[ "$n" -ge 4 ] && [ "$n" -lt 17 ] && [ ! -e killed/shard-0-of-1.done ] \
    && ok "killed with $((n - 1)) of 16 units written, no marker" || fail "the kill ($n lines)"
printf '{"unit":15,"point":0,"repl' >> killed/shard-0-of-1.jsonl     # a torn write
$H merge killed -o never.json -q 2>merge.err
[ $? -eq 2 ] && [ ! -e never.json ] && ok "merge of the unfinished shard: exit 2, nothing written" \
    || fail "merge of an unfinished shard"
[ "$($H merge --missing killed -q)" = 0 ] && ok "merge --missing lists shard 0" || fail "merge --missing"
$H run "$STUDY" -r 16 -j 1 --shard 0/1 --out killed 2>resume.err || fail "the resumed shard"
grep -q "resuming: $((n - 1)) of 16" resume.err && ok "resumed: $((n - 1)) units skipped" || fail "resume message: $(cat resume.err)"
$H merge killed -o resumed.json -q 2>/dev/null
same resumed.json run.json "killed, resumed, merged: identical"
# a complete shard run again does nothing
before=$(sha killed/shard-0-of-1.jsonl)
$H $RUN -j 1 --shard 0/1 --out killed 2>/dev/null && [ "$(sha killed/shard-0-of-1.jsonl)" = "$before" ] \
    && ok "a complete shard run again is left as it is" || fail "rerun of a complete shard"
finish
