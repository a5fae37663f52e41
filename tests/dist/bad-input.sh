#!/bin/bash
# tests/dist/bad-input.sh HAPGSIM STUDY.yaml - every bad shard folder and bad I/K
# gets a clear message, exit 2, and no output.
. "$(dirname "$0")/common.sh"

# expect2 WHAT PATTERN COMMAND...: exit 2, PATTERN in the message, out.json not written
expect2() {
    what=$1 pattern=$2
    shift 2
    rm -f out.json
    "$@" >stdout.txt 2>stderr.txt
    status=$?
    if [ $status -ne 2 ]; then fail "$what: exit $status, not 2"
    elif ! grep -q -- "$pattern" stderr.txt; then fail "$what: no '$pattern' in: $(cat stderr.txt)"
    elif [ -e out.json ]; then fail "$what: out.json written"
    else ok "$what: $(head -c 160 stderr.txt)"; fi
}
for i in 0 1; do $H $SWEEP -j 1 --shard "$i/2" --out good; done
$H $SWEEP -j 1 --shard 1/2 --out seed8 -s 8
$H $SWEEP -j 1 --shard 1/2 --out other --set workload.rate=6
$H $SWEEP -j 1 --shard 0/3 --out three
fresh() { rm -rf "$1"; cp -r good "$1"; }

fresh seeds; cp seed8/shard-1-of-2.* seeds/
expect2 "different seeds" "seed" $H merge seeds -o out.json
fresh scenarios; cp other/shard-1-of-2.* scenarios/
expect2 "different scenarios" "sha256" $H merge scenarios -o out.json
fresh version; sed -i '1s/"hapgsim":"[^"]*"/"hapgsim":"0.0.0-other"/' version/shard-1-of-2.jsonl; remark version 1 2
expect2 "different versions" "versions" $H merge version -o out.json
fresh alien; for i in 0 1; do sed -i '1s/"hapgsim":"[^"]*"/"hapgsim":"0.0.0-other"/' alien/shard-$i-of-2.jsonl; remark alien $i 2; done
expect2 "shards of another version than merge's" "merge them with the version" $H merge alien -o out.json
fresh cuts; cp three/shard-0-of-3.* cuts/
expect2 "shards of two cuts (units twice)" "numbers of shards" $H merge cuts -o out.json
fresh dup; sed -n 2p dup/shard-1-of-2.jsonl >> dup/shard-1-of-2.jsonl; remark dup 1 2
expect2 "a unit twice" "twice" $H merge dup -o out.json
fresh missing; rm missing/shard-1-of-2.*
expect2 "a missing shard" "missing" $H merge missing -o out.json
[ "$($H merge --missing missing -q)" = 1 ] && ok "merge --missing: 1" || fail "merge --missing"
fresh unmarked; rm unmarked/shard-0-of-2.done
expect2 "a shard without its marker" "missing" $H merge unmarked -o out.json
fresh flipped; sed -i '3s/"events":[0-9]*/"events":1/' flipped/shard-0-of-2.jsonl
expect2 "a damaged shard (checksum)" "marker" $H merge flipped -o out.json
fresh garbage; sed -i '3s/.*/{"unit": not json/' garbage/shard-0-of-2.jsonl; remark garbage 0 2
expect2 "a corrupt record" "shard-0-of-2.jsonl:3" $H merge garbage -o out.json
fresh lost; sed -i '3d' lost/shard-0-of-2.jsonl; remark lost 0 2
expect2 "a shard short of a unit" "units where" $H merge lost -o out.json
expect2 "no shards at all" "no shard" $H merge "$WORK" -o out.json
expect2 "no such folder" "nowhere" $H merge "$WORK/nowhere" -o out.json
# the target is left alone on failure
echo precious > out.json.keep
fresh seeds2; cp seed8/shard-1-of-2.* seeds2/
cp out.json.keep out.json
$H merge seeds2 -o out.json -q 2>/dev/null
[ "$(cat out.json)" = precious ] && ok "a failed merge leaves the old -o file" || fail "old -o file changed"
rm -f out.json

# -o onto one of the shards
before=$(sha good/shard-0-of-2.jsonl)
$H merge good -o good/shard-0-of-2.jsonl -q 2>stderr.txt
[ $? -eq 2 ] && [ "$(sha good/shard-0-of-2.jsonl)" = "$before" ] \
    && ok "-o onto a shard file: refused, the shard untouched" || fail "-o onto a shard file"

for bad in 2/2 5/3 0/0 -1/3 x/3 3 1/100001 ""; do
    expect2 "--shard '$bad'" "shard" $H $SWEEP --shard "$bad" --out bad
done
[ ! -e bad ] && ok "no folder made for a bad --shard" || fail "a folder made for a bad --shard"
expect2 "--shard without --out" "--out" $H $SWEEP --shard 0/2
expect2 "--precision with shards" "precision" $H run "$STUDY" --shard 0/2 --out p --precision availability.time=1%
expect2 "--shard-from-env without the variables" "SLURM_ARRAY_TASK_ID" \
    env -u SLURM_ARRAY_TASK_ID -u OMPI_COMM_WORLD_RANK -u PMI_RANK -u PMIX_RANK -u SLURM_PROCID \
    $H $SWEEP --shard-from-env --out e
expect2 "--shard-from-env out of range" "out of range" \
    env SLURM_ARRAY_TASK_ID=4 SLURM_ARRAY_TASK_COUNT=2 $H $SWEEP --shard-from-env --out e
# a shard file that is not ours is never written over
mkdir -p foreign; echo "my notes" > foreign/shard-0-of-2.jsonl
expect2 "a foreign file at a shard's name" "not a shard of this study" $H $SWEEP --shard 0/2 --out foreign
[ "$(cat foreign/shard-0-of-2.jsonl)" = "my notes" ] && ok "the foreign file is untouched" || fail "foreign file changed"
expect2 "another study's shard folder" "seed" $H $SWEEP --shard 1/2 --out good -s 9
# --shard-from-env takes Slurm's variables
env SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=2 $H $SWEEP -j 1 --shard-from-env --out env
cmp -s env/shard-1-of-2.jsonl good/shard-1-of-2.jsonl && ok "--shard-from-env = --shard 1/2" || fail "--shard-from-env"
finish
