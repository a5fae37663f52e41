#!/bin/sh
# Installs the Debian packages hapgsim needs to build and test, if any is missing.
# Idempotent, and silent when everything is already installed.
set -eu

# help2man makes the man page; man-db and bash-completion let the tests render the
# page and run the completion; chromium (headless) lets them open the HTML reports
# (each test is skipped without its tool)
# Open MPI builds and tests --mpi (mpirun); Slurm and munge let the distributed test
# start a one-node cluster of its own (docs/distributed.md)
PACKAGES="cmake make gcc clang pkg-config python3 libglib2.0-dev libgsl-dev libyaml-dev libcunit1-dev libjson-glib-dev help2man man-db bash-completion chromium openmpi-bin libopenmpi-dev slurmctld slurmd slurm-client munge"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

echo "hapgsim: installing missing packages:$missing"
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "hapgsim: missing packages:$missing; run as root or install them with apt-get" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
