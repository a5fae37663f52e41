#!/bin/sh
# The deterministic fuzz check of `make check`, for one libFuzzer target:
#   tests/fuzz/check.sh FUZZER SEED RUNS DIR...
# 1. replays every file of the DIRs (the saved corpus and the crash fixtures) once;
# 2. mutates a copy of them for exactly RUNS inputs from the fixed -seed=SEED.
# No time limit decides anything (only a per-input hang limit), so the same commit
# always gets the same verdict.  Any crash, leak, sanitizer report or abort fails;
# the offending input is kept in $ARTIFACTS (default: next to the binary).
# Open-ended random campaigns are `make fuzz` (tests/fuzz/run.sh).
set -eu
fuzzer=$1 seed=$2 runs=$3
shift 3
root=$(cd "$(dirname "$0")/../.." && pwd)
name=$(basename "$fuzzer")
artifacts=${ARTIFACTS:-$(dirname "$fuzzer")/crashes}
mkdir -p "$artifacts"
corpus=$(mktemp -d "${TMPDIR:-/tmp}/hapgsim-$name.XXXXXX")
log="$corpus.log"
trap 'rm -rf "$corpus" "$log"' EXIT
for dir in "$@"; do
    for f in "$root/$dir"/*; do
        [ -f "$f" ] && cp "$f" "$corpus/$(echo "$dir" | tr / _)_$(basename "$f")"
    done
done
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
opts="-dict=$root/tests/fuzz/scenario.dict -max_len=8192 -rss_limit_mb=2048 -timeout=60"
fail() {
    tail -60 "$log"
    echo "$name: FAILED ($1); inputs in $artifacts" >&2
    exit 1
}
n=$(ls "$corpus" | wc -l)
# shellcheck disable=SC2086
"$fuzzer" $opts -artifact_prefix="$artifacts/" "$corpus"/* >"$log" 2>&1 || fail "replaying $n files"
echo "$name: $n saved inputs replayed"
# -runs counts inputs, -seed fixes the mutations: the same every time
mkdir "$corpus/work"
cp "$corpus"/*_* "$corpus/work"/ 2>/dev/null || true
# shellcheck disable=SC2086
"$fuzzer" $opts -seed="$seed" -runs="$runs" -artifact_prefix="$artifacts/" \
    -print_final_stats=1 "$corpus/work" >"$log" 2>&1 || fail "seed $seed, $runs runs"
grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$log" || true
echo "$name: seed $seed, $runs runs: no crash"
