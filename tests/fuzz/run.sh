#!/bin/sh
# Runs a fuzz target (fuzz_scenario, fuzz_run) for a while on a copy of the seed corpus (the library
# and the test fixtures); exits non-zero on any crash, leak, sanitizer report or
# broken round trip.  Crashing inputs are kept in $ARTIFACTS (default: next to the
# binary): each one becomes a fixture under tests/scenarios/bad/ once fixed.
#   tests/fuzz/run.sh BUILD-FUZZ/tests/fuzz/TARGET [SECONDS]
set -eu
fuzzer=$1
seconds=${2:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
artifacts=${ARTIFACTS:-$(dirname "$fuzzer")/crashes}
mkdir -p "$artifacts"
corpus=$(mktemp -d "${TMPDIR:-/tmp}/hapgsim-fuzz.XXXXXX")
trap 'rm -rf "$corpus"' EXIT
cp "$root"/scenarios/*.yaml "$root"/tests/scenarios/bad/*.yaml \
   "$root"/tests/scenarios/good/*.yaml "$root"/tests/fuzz/seeds/* "$corpus"/
name=$(basename "$fuzzer")
echo "$name: $(ls "$corpus" | wc -l) seed files, ${seconds} s"
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
"$fuzzer" "$corpus" -dict="$root/tests/fuzz/scenario.dict" \
    -max_total_time="$seconds" -max_len=8192 -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" 2>"$corpus.log" || {
    status=$?
    tail -60 "$corpus.log"
    rm -f "$corpus.log"
    echo "$name: FAILED (status $status); inputs in $artifacts" >&2
    exit 1
}
grep -E '^#[0-9]+[[:space:]]+DONE|^stat::number_of_executed_units|^stat::peak_rss_mb' "$corpus.log" || true
rm -f "$corpus.log"
echo "$name: no crash"
