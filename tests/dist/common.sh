# tests/dist/common.sh - what the distributed tests share (sourced): the study, the
# temporary folder, and checks that print what they compared.
set -u
H=$1
STUDY=$2
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hapgsim-dist.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
failures=0
# the sweep every test runs: 2 points x 6 replications = 12 units
SWEEP="sweep $STUDY --sweep clients.auto_recovery.retry=0,3 -r 6 -q"

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
same() {  # same FILE REFERENCE WHAT
    if [ -f "$1" ] && [ "$(sha "$1")" = "$(sha "$2")" ]; then ok "$3"; else fail "$3 ($1 differs from $2)"; fi
}
# a shard's completion marker recomputed after the test damaged its file on purpose
remark() {  # remark DIR I K
    f=$1/shard-$2-of-$3.jsonl
    first=$(head -1 "$f" | sed 's/.*"first":\([0-9]*\).*/\1/')
    end=$(head -1 "$f" | sed 's/.*"end":\([0-9]*\).*/\1/')
    units=$((end - first))
    printf '{"hapgsim_shard_done":1,"shard":%s,"of":%s,"units":%s,"bytes":%s,"sha256":"%s"}\n' \
        "$2" "$3" "$units" "$(wc -c < "$f")" "$(sha "$f")" > "$1/shard-$2-of-$3.done"
}
finish() {
    if [ "$failures" -gt 0 ]; then echo "$failures check(s) failed"; exit 1; fi
    echo "every check passed"
    exit 0
}
