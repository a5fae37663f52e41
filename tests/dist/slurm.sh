#!/bin/bash
# tests/dist/slurm.sh HAPGSIM STUDY.yaml - the recipe of docs/distributed.md on a
# one-node Slurm this test starts itself, in a temporary folder: munged, slurmctld -i
# and slurmd with a minimal slurm.conf; an `sbatch --array` of shards and a merge job
# `--dependency=afterok`, whose result must have the single-machine sha256.  Every
# daemon is stopped by its pid.  Skipped (77) unless root with Slurm and munge.
for tool in munged slurmctld slurmd sbatch squeue sinfo; do
    command -v $tool >/dev/null 2>&1 || PATH=$PATH:/usr/sbin
    command -v $tool >/dev/null 2>&1 || { echo "no $tool: skipped"; exit 77; }
done
[ "$(id -u)" -eq 0 ] || { echo "not root: skipped (the daemons run as root)"; exit 77; }
. "$(dirname "$0")/common.sh"
pids=""
stop() {
    for p in $pids; do kill -TERM "$p" 2>/dev/null; done
    for p in $pids; do
        for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$p" 2>/dev/null
    done
    rm -rf "$WORK"
}
trap stop EXIT
chmod 700 "$WORK"
mkdir -p state spool munge
chmod 700 munge
dd if=/dev/urandom of=munge/munge.key bs=1024 count=1 2>/dev/null
chmod 400 munge/munge.key
munged -F -f --key-file="$WORK/munge/munge.key" --socket="$WORK/munge/munge.sock" \
    --pid-file="$WORK/munge/munged.pid" --log-file="$WORK/munge/munged.log" \
    --seed-file="$WORK/munge/munged.seed" 2>munge/munged.err &
pids="$pids $!"
for _ in $(seq 1 50); do [ -S munge/munge.sock ] && break; sleep 0.1; done
[ -S munge/munge.sock ] || { fail "munged did not start: $(cat munge/munged.log 2>/dev/null)"; finish; }

host=$(hostname -s)
port=$((20000 + $$ % 20000))
cat > slurm.conf <<CONF
ClusterName=hapgsimtest
SlurmctldHost=$host
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$WORK/munge/munge.sock
CredType=cred/munge
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SchedulerParameters=sched_interval=1,sched_min_interval=100000
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MinJobAge=2
SlurmdTimeout=30
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
CONF
export SLURM_CONF=$WORK/slurm.conf
slurmctld -D -i -f "$SLURM_CONF" 2>slurmctld.err &
pids="$pids $!"
slurmd -D -f "$SLURM_CONF" -N "$host" 2>slurmd.err &
pids="$pids $!"
up=""
for _ in $(seq 1 150); do
    state=$(sinfo -h -N -o %T 2>/dev/null | head -1)
    case $state in idle*|mix*|alloc*) up=1; break ;; esac
    sleep 0.2
done
[ -n "$up" ] || { fail "the node did not come up ($state): $(tail -5 slurmctld.log slurmd.log)"; finish; }
ok "one-node Slurm up ($host)"

$H $SWEEP -j 2 -o single.json || fail "the single-machine sweep"
# the recipe: an array of shards, then the merge once they all succeeded
cat > shards.sbatch <<JOB
#!/bin/bash
#SBATCH --array=0-2
#SBATCH --cpus-per-task=1
exec $H $SWEEP -j 1 --shard-from-env --out $WORK/shards
JOB
cat > merge.sbatch <<JOB
#!/bin/bash
exec $H merge $WORK/shards -o $WORK/result.json
JOB
array=$(sbatch --parsable -o "$WORK/shard-%a.log" shards.sbatch) || fail "sbatch of the array"
merge=$(sbatch --parsable -o "$WORK/merge.log" --dependency=afterok:${array%%;*} merge.sbatch) \
    || fail "sbatch of the merge"
for _ in $(seq 1 300); do
    [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break
    sleep 0.2
done
[ -z "$(squeue -h -o %i)" ] || fail "jobs still queued: $(squeue)"
same result.json single.json "Slurm array of 3 shards + merge job: identical"
[ "$($H merge --missing shards -q)" = "" ] && ok "merge --missing: none" || fail "merge --missing"
[ -f result.json ] || { echo "--- logs"; tail -n 20 shard-*.log merge.log slurmctld.log slurmd.log; }

# a lost shard: merge --missing names it, the array is resubmitted for it alone
# (--shard-count: its SLURM_ARRAY_TASK_COUNT is 1 now), then merged again
rm -f shards/shard-1-of-3.* result.json
missing=$($H merge --missing shards -q)
[ "$missing" = 1 ] && ok "merge --missing: $missing" || fail "merge --missing: '$missing'"
sed -i 's/--shard-from-env/--shard-from-env --shard-count 3/; /--array/d' shards.sbatch
array=$(sbatch --parsable --array="$missing" -o "$WORK/again-%a.log" shards.sbatch)
sbatch --parsable -o "$WORK/merge2.log" --dependency=afterok:${array%%;*} merge.sbatch >/dev/null
for _ in $(seq 1 300); do
    [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break
    sleep 0.2
done
same result.json single.json "shard 1 resubmitted alone, merged again: identical"
finish
