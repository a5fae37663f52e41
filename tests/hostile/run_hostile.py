#!/usr/bin/python3
"""Run the hostile invocations of tests/hostile/cases/*.case and check each outcome.

A case is a small text file of `key: value` lines (blank lines and lines starting with
`#` are comments; the first comment says what the case is about).  Keys:

  setup: SHELL      run before, in order; each must exit 0 (make inputs, a FIFO, ...)
  run: SHELL        the invocation under test, exactly one
  exit: N           the status `run` must exit with (required); 'signal' accepts any
                    death by signal, for cases about a crash that must not be one
  stdout: TEXT      TEXT must appear in the standard output (repeatable)
  stderr: TEXT      TEXT must appear in the standard error (repeatable)
  stderr-not: TEXT  TEXT must not appear in the standard error (repeatable)
  after: SHELL      run after, in order; each must exit 0 (`test -c /dev/null`,
                    `cmp a b`, `grep -q ... out.json`)
  leaves: NAMES     exactly these entries are in the work directory afterwards
                    (space-separated, sorted or not; `-` for none): nothing else left
                    behind, no temporary file, no partial output
  timeout: S        seconds before `run` counts as hanging (default 60; the suite
                    multiplies it by --slow, e.g. under the sanitizers)

Each case runs in a fresh empty work directory, which is also the current directory,
with bash.  In every command `hapgsim` runs the program under test, and these are
exported: HAPGSIM (its path), INPUTS (tests/cli), SCENARIOS (scenarios/), ROOT (the
repository), WORK (the work directory).  Whatever the case says, a sanitizer report on
stderr (AddressSanitizer, LeakSanitizer, UBSan "runtime error:") fails it.

Prints one line per failed case, then 'N passed, N failed'; exits 1 if any failed.
Only the standard library is used (python3 of Debian 12).
"""

import argparse
import concurrent.futures
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

KEYS = {"setup", "run", "exit", "stdout", "stderr", "stderr-not", "after", "leaves", "timeout"}
SANITIZER = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
             "Json-CRITICAL", "GLib-CRITICAL", "GLib-GObject-CRITICAL")


class Case:
    def __init__(self, path):
        self.path = path
        self.name = os.path.splitext(os.path.basename(path))[0]
        self.setup, self.after, self.stdout, self.stderr, self.stderr_not = [], [], [], [], []
        self.run = None
        self.exit = None
        self.leaves = None
        self.timeout = 60.0
        self.errors = []
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                key, sep, value = line.partition(":")
                key, value = key.strip(), value.strip()
                if not sep or key not in KEYS:
                    self.errors.append(f"{path}:{n}: not a `key: value` line with a known key")
                    continue
                if key == "setup":
                    self.setup.append(value)
                elif key == "after":
                    self.after.append(value)
                elif key == "stdout":
                    self.stdout.append(value)
                elif key == "stderr":
                    self.stderr.append(value)
                elif key == "stderr-not":
                    self.stderr_not.append(value)
                elif key == "run":
                    if self.run is not None:
                        self.errors.append(f"{path}:{n}: a second run:")
                    self.run = value
                elif key == "exit":
                    self.exit = value
                elif key == "leaves":
                    self.leaves = sorted(value.split()) if value != "-" else []
                elif key == "timeout":
                    self.timeout = float(value)
        if self.run is None or self.exit is None:
            self.errors.append(f"{path}: needs run: and exit:")


def shell(cmd, env, cwd, timeout):
    """Runs cmd with bash in its own process group; (status, stdout, stderr, timed out)."""
    p = subprocess.Popen(["bash", "-c", cmd], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
        return p.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), False
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        return None, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), True


def check(case, args):
    if case.errors:
        return case.errors
    work = tempfile.mkdtemp(prefix=f"hostile-{case.name}-", dir=args.tmp)
    prelude = f'hapgsim() {{ "$HAPGSIM" "$@"; }}\nexport -f hapgsim\n'
    env = dict(os.environ, HAPGSIM=args.hapgsim, INPUTS=os.path.join(args.root, "tests", "cli"),
               SCENARIOS=os.path.join(args.root, "scenarios"), ROOT=args.root, WORK=work)
    problems = []
    try:
        for cmd in case.setup:
            rc, out, err, hung = shell(prelude + cmd, env, work, 60 * args.slow)
            if rc != 0:
                return [f"setup `{cmd}` exited {rc}: {err.strip()[:300]}"]
        t0 = time.monotonic()
        # a plain invocation is exec'd, so that signals sent to the group reach it alone
        cmd = ('exec "$HAPGSIM"' + case.run[len("hapgsim"):] if case.run.startswith("hapgsim ")
               else case.run)
        rc, out, err, hung = shell(prelude + cmd, env, work, case.timeout * args.slow)
        took = time.monotonic() - t0
        if hung:
            problems.append(f"still running after {case.timeout * args.slow:g} s")
        elif case.exit == "signal":
            if rc is None or rc >= 0 and rc < 128:
                problems.append(f"exited {rc}, expected death by a signal")
        elif rc != int(case.exit):
            problems.append(f"exited {rc} (-N: signal N), expected {case.exit}")
        for text in case.stdout:
            if text not in out:
                problems.append(f"stdout lacks {text!r}")
        for text in case.stderr:
            if text not in err:
                problems.append(f"stderr lacks {text!r}")
        for text in case.stderr_not + list(SANITIZER):
            if text in err:
                problems.append(f"stderr has {text!r}")
        for cmd in case.after:
            arc, aout, aerr, ahung = shell(prelude + cmd, env, work, 60 * args.slow)
            if arc != 0:
                problems.append(f"after `{cmd}` exited {arc} {aerr.strip()[:200]}")
        if case.leaves is not None:
            left = sorted(os.listdir(work))
            if left != case.leaves:
                problems.append(f"left {left or '-'}, expected {case.leaves or '-'}")
        if problems:
            problems.append(f"(run: {case.run}; {took:.1f} s)\n  stderr: "
                            + "\n  stderr: ".join(err.strip().splitlines()[-8:]))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return problems


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=os.path.normpath(os.path.join(here, "..", "..")))
    ap.add_argument("--hapgsim", help="the program under test (default: ROOT/build/hapgsim)")
    ap.add_argument("--slow", type=float, default=1.0, help="multiply every timeout by this")
    ap.add_argument("-j", "--jobs", type=int, default=2, help="cases at once (default 2)")
    ap.add_argument("--keep", action="store_true", help="keep the work directories")
    ap.add_argument("--tmp", default=None, help="where work directories go (default: TMPDIR)")
    ap.add_argument("cases", nargs="*", help="case names or files (default: every case)")
    args = ap.parse_args()
    args.root = os.path.abspath(args.root)
    args.hapgsim = os.path.abspath(args.hapgsim or os.path.join(args.root, "build", "hapgsim"))
    folder = os.path.join(here, "cases")
    names = args.cases or sorted(f for f in os.listdir(folder) if f.endswith(".case"))
    paths = [n if os.path.sep in n else os.path.join(folder, n if n.endswith(".case") else n + ".case")
             for n in names]
    cases = [Case(p) for p in paths]
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for case, problems in zip(cases, pool.map(lambda c: check(c, args), cases)):
            if problems:
                failed += 1
                print(f"FAIL {case.name}: " + "; ".join(problems), flush=True)
    print(f"hostile: {len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
