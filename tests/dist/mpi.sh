#!/bin/bash
# tests/dist/mpi.sh HAPGSIM STUDY.yaml MPIEXEC - mpirun -n 1, 2 and 4 --mpi give the
# sha256 of the single-machine sweep; a rank killed mid-way fails the whole job, and
# the same command then resumes from the shard files.  Exit 77 (skipped) without mpirun.
MPIEXEC=${3:-mpirun}
command -v "$MPIEXEC" >/dev/null 2>&1 || { echo "no $MPIEXEC: skipped"; exit 77; }
. "$(dirname "$0")/common.sh"
# as root (containers, CI) Open MPI needs both; the shared-memory transport without
# its single-copy mechanism, which containers often forbid
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none
MPI="$MPIEXEC --oversubscribe"

$H $SWEEP -j 2 -o single.json || fail "the single-machine sweep"
for n in 1 2 4; do
    $MPI -n $n $H $SWEEP -j 1 --mpi --out "m$n" -o "mpi$n.json" || fail "mpirun -n $n"
    same "mpi$n.json" single.json "mpirun -n $n: identical"
done

# one rank dies: the job fails as a whole; the same command goes on from the shards
RUN="run $STUDY -r 16 -q -j 1 --mpi --out dead"
$H run "$STUDY" -r 16 -q -j 2 -o run.json
$MPI -n 2 $H $RUN -o never.json &
job=$!
victim=""
for _ in $(seq 1 400); do
    n=$(cat dead/shard-1-of-2.jsonl 2>/dev/null | wc -l)
    if [ "$n" -ge 3 ]; then
        for p in $(pgrep -P $job); do   # the ranks are mpirun's children
            grep -qz '^OMPI_COMM_WORLD_RANK=1$' /proc/$p/environ 2>/dev/null && victim=$p
        done
        break
    fi
    sleep 0.05
done
[ -n "$victim" ] && kill -KILL "$victim"
wait $job
status=$?
[ -n "$victim" ] && [ $status -ne 0 ] && [ ! -e never.json ] \
    && ok "rank 1 killed: mpirun exit $status, nothing merged" || fail "the killed rank (victim '$victim', exit $status)"
$MPI -n 2 $H $RUN -o resumed.json; [ $? -le 1 ] || fail "the resumed job"
same resumed.json run.json "resumed after the dead rank: identical"
finish
