#!/bin/sh
# Compares what two builds of hapgsim say about every scenario of the repository: the
# canonical print, or the errors and warnings, of `validate --print --force`, byte for
# byte.  For refactors of scenarios/ that must not change the language:
#   git worktree add /tmp/base REV && cmake -S /tmp/base -B /tmp/base/build && \
#     cmake --build /tmp/base/build --target hapgsim
#   scripts/compare-prints.sh /tmp/base/build/hapgsim build/hapgsim
# Prints the files whose output differs, then a count; exits 1 when any differs.
set -u
old=$1 new=$2
cd "$(dirname "$0")/.."
n=0 differ=0
for f in $(find scenarios tests/scenarios tests/fuzz/seeds tests/fuzz/fixtures/scenario \
               -type f | sort); do
    n=$((n + 1))
    a=$("$old" validate --print --force "$f" 2>&1; echo "exit $?")
    b=$("$new" validate --print --force "$f" 2>&1; echo "exit $?")
    if [ "$a" != "$b" ]; then
        differ=$((differ + 1))
        echo "differs: $f"
    fi
done
echo "$n files, $differ differ"
[ "$differ" -eq 0 ]
