#!/usr/bin/python3
"""The hostile battery: hundreds of generated hostile invocations, each checked for
the generic properties every invocation of hapgsim must have.

Where tests/hostile/cases/*.case give one precise expectation per known defect, the
battery throws a broad, reproducible set of invocations at the program (every command
with bad option values, unknown and missing options, extra arguments; `--set` and
`--sweep` with bad paths, bad types and extreme values; hostile scenario files and
standard input; hostile output targets; hostile results given to `compare` and to
`sweep --resume`; signals during long runs) and checks, of every one:

  signal    no death by a signal, unless the case itself sent that signal (SIGINT,
            SIGTERM, SIGKILL) or closed the pipe it writes to (SIGPIPE);
  stderr    no sanitizer report (AddressSanitizer, LeakSanitizer, UBSan "runtime
            error:") and no GLib/Json CRITICAL, WARNING or ERROR message;
  hang      finished within the case's time limit (the process group is then killed);
            cases that may legitimately run long are sent SIGINT first, so "hang"
            means a run that does not stop when asked to;
  status    the exit status is one of 0, 1, 2, 130 (SIGINT), 143 (SIGTERM), as
            docs/commands.md documents;
  message   exit status 2 comes with a message on stderr: its first line not empty,
            the text ending with a newline; a command that reports (run, sweep,
            trace, analytic, compare) then writes nothing on stdout;
  input     every file that is not an output of the case is left as it was (contents
            hashed before and after; symbolic links, devices and FIFOs keep their
            kind, target and device number), none removed;
  leftover  no new entry in the work directory, in any directory below it (beside
            an output), other than the case's outputs: no temporary file.  A sweep's
            journal FILE.hapgsim-journal may stay only when the sweep did not finish;
  output    an output file (or standard output, when it is the output) is whole when
            written: JSON parses, a trace is JSON Lines, CSV starts with the header
            `point,replication,metric,value` and has four fields a row, text ends with
            a newline; when the exit status is 2 no output is written or changed;
  special   an output that is a device, a FIFO or a symbolic link stays what it was
            (a mknod'd copy of /dev/null or /dev/full in the work directory: the real
            devices are never used as targets);
  write     a write that fails (an output on a copy of /dev/full) is not a success.

Each case runs in its own fresh directory (the current directory of the program),
holding s.yaml (tests/cli/small.yaml) and the files the case needs.  A few fixtures
(results of run and sweep) are made first by the program under test; when that
fails the battery stops.  Devices are made with mknod (root only: without it those
cases are skipped and counted as such).

Prints one line per failure, `FAIL category/name: property: detail (invocation ->
outcome)`, the failed cases counted by property and by category, the number of cases
and invocations (a few cases are several invocations in a row: a sweep killed, then
resumed), and last `battery: N passed, M failed`, N and M counting cases; exits 1 if
any failed.  Only the Python standard library is used.

    python3 tests/hostile/battery.py --hapgsim build/hapgsim [-j 3] [--only GLOB]
                                     [--list] [--keep] [--times N] [--slow F] [--memory MIB]

--only runs the cases whose CATEGORY/NAME matches the glob ('output-*', 'set/*');
--list prints every invocation without running any; --slow multiplies every delay and
time limit (4 under the sanitizers); --memory bounds each invocation's address space
(0 under the sanitizers).  Every invocation runs without core files.  Takes about 90 s
with 3 cases at once on two busy cores.
"""

import argparse
import concurrent.futures
import csv
import fnmatch
import hashlib
import io
import json
import os
import random
import re
import resource
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time

EXITS = {0, 1, 2, 130, 143}
BAD_STDERR = re.compile(r"AddressSanitizer|LeakSanitizer|ThreadSanitizer|runtime error:"
                        r"|\b(CRITICAL|WARNING|ERROR) \*\*")
REPORTING = {"run", "sweep", "trace", "analytic", "compare"}
CSV_HEADER = "point,replication,metric,value"
JOURNAL = ".hapgsim-journal"


# --------------------------------------------------------------------------- cases

class Step:
    """One invocation: argv after the program, its standard input and output, the
    signals to send (delay in seconds after the start, signal), its time limit."""

    def __init__(self, argv, stdin=None, signals=(), timeout=10.0, outputs=None,
                 stdout=None, allow=()):
        self.argv = list(argv)
        self.stdin = stdin          # None (empty), bytes, or ("file", REL) in the work dir
        self.signals = list(signals)
        self.timeout = timeout
        self.stdout = stdout        # None (a file), ("device", REL), "closed-pipe"
        self.allow = set(allow)     # signals the case causes besides those it sends
        self.cmd = next((a for a in self.argv if isinstance(a, str) and not a.startswith("-")), "")
        self.outputs = dict(outputs) if outputs is not None else self.infer_outputs()

    def option(self, *names):
        """The value of the last of these options in argv, or None."""
        value = None
        for i, a in enumerate(self.argv):
            if not isinstance(a, str):
                continue
            for n in names:
                if a == n and i + 1 < len(self.argv):
                    value = self.argv[i + 1]
                elif n.startswith("--") and a.startswith(n + "="):
                    value = a[len(n) + 1:]
        return value

    def infer_outputs(self):
        out = self.option("-o", "--output")
        if out is None or out in ("", "-") or not isinstance(out, str):
            return {}
        outs = {os.path.normpath(out): "auto"}
        if self.cmd == "sweep":
            outs[os.path.normpath(out) + JOURNAL] = "journal"
        return outs

    def to_stdout(self):
        out = self.option("-o", "--output")
        return out is None or out == "-"

    def text(self):
        def show(a):
            return shlex.quote(a if isinstance(a, str) else a.decode("latin-1"))
        words = ["hapgsim"] + [show(a) if len(a) < 80 else show(a[:40]) + f"...({len(a)} bytes)"
                               for a in self.argv]
        if isinstance(self.stdin, tuple):
            words.append("< " + self.stdin[1])
        elif isinstance(self.stdin, bytes):
            words.append(f"< ({len(self.stdin)} bytes)")
        if self.stdout == "closed-pipe":
            words.append("| head -c 100")
        elif isinstance(self.stdout, tuple):
            words.append("> " + self.stdout[1])
        for delay, sig in self.signals:
            words.append(f"[{signal.Signals(sig).name} at {delay:g}s]")
        return " ".join(words)


class Case:
    def __init__(self, category, name, steps, files=(), setup=None, needs_root=False):
        self.category, self.name = category, name
        self.steps = steps if isinstance(steps, list) else [steps]
        self.files = list(files)    # fixtures copied into the work dir
        self.setup = setup          # callable(work) making more
        self.needs_root = needs_root


# --------------------------------------------------------------------------- checks

def snapshot(root):
    """Every entry below root: relative path -> (kind, what identifies its state)."""
    entries = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            try:
                st = os.lstat(path)
            except OSError:
                continue
            if stat.S_ISLNK(st.st_mode):
                entries[rel] = ("link", os.readlink(path))
            elif stat.S_ISREG(st.st_mode):
                h = hashlib.sha256()
                try:
                    with open(path, "rb") as f:
                        for block in iter(lambda: f.read(1 << 20), b""):
                            h.update(block)
                    entries[rel] = ("file", h.hexdigest())
                except OSError as e:
                    entries[rel] = ("file", f"unreadable {e.errno}")
            elif stat.S_ISDIR(st.st_mode):
                entries[rel] = ("dir", "")
            elif stat.S_ISCHR(st.st_mode):
                entries[rel] = ("chardev", st.st_rdev)
            elif stat.S_ISBLK(st.st_mode):
                entries[rel] = ("blockdev", st.st_rdev)
            elif stat.S_ISFIFO(st.st_mode):
                entries[rel] = ("fifo", "")
            else:
                entries[rel] = ("other", "")
    return entries


def whole(data, cmd):
    """None when data is a whole output of cmd, else what is wrong with it."""
    if not data:
        return "empty"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "not UTF-8"
    if not text.endswith("\n"):
        return "does not end with a newline (cut short?)"
    if cmd == "trace":
        for n, line in enumerate(text.splitlines(), 1):
            try:
                if not isinstance(json.loads(line), dict):
                    return f"trace line {n} is not a JSON object"
            except ValueError as e:
                return f"trace line {n} is not JSON: {e}"
        return None
    if text.lstrip()[:1] in ("{", "["):
        try:
            json.loads(text)
        except ValueError as e:
            return f"JSON does not parse: {e}"
        return None
    if text.startswith("point,"):
        rows = list(csv.reader(io.StringIO(text)))
        if ",".join(rows[0]) != CSV_HEADER:
            return f"CSV header is {rows[0]}"
        for n, row in enumerate(rows[1:], 2):
            if len(row) != 4:
                return f"CSV row {n} has {len(row)} fields"
    return None


def fifo_reader(fd, sink):
    """Drains fd, the reading end of a FIFO, until every writer has closed it."""
    try:
        while True:
            block = os.read(fd, 1 << 16)
            if not block:
                break
            sink.append(block)
    except OSError:
        pass
    finally:
        os.close(fd)


def pipe_closer(fd):
    """Reads 100 bytes of the pipe, then closes it: the writer gets EPIPE or SIGPIPE."""
    try:
        os.read(fd, 100)
    except OSError:
        pass
    finally:
        os.close(fd)


def fifo_writer(path, data):
    try:
        with open(path, "wb") as f:
            f.write(data)
    except OSError:
        pass


def release_fifo(path, mode):
    """Unblocks a helper thread still waiting in open() on a FIFO."""
    try:
        fd = os.open(path, mode | os.O_NONBLOCK)
        os.close(fd)
    except OSError:
        pass


def run_step(step, work, private, args):
    """Runs one step; returns (problems, summary)."""
    problems = []
    before = snapshot(work)
    # FIFOs among the outputs get a reader, FIFOs as the input a writer
    readers, writers = [], []
    for rel in step.outputs:
        p = os.path.join(work, rel)
        if before.get(rel, ("",))[0] == "fifo":
            # a reader that neither blocks the program nor is blocked by it: `keep`, a
            # second (read-write) end held until the program is over, lets both open at once
            keep = os.open(p, os.O_RDWR)
            fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK)
            os.set_blocking(fd, True)
            sink = []
            t = threading.Thread(target=fifo_reader, args=(fd, sink), daemon=True)
            t.start()
            readers.append((rel, keep, sink, t))
    for rel, data in getattr(step, "fifo_inputs", {}).items():
        p = os.path.join(work, rel)
        t = threading.Thread(target=fifo_writer, args=(p, data), daemon=True)
        t.start()
        writers.append((p, t))

    if isinstance(step.stdin, tuple):
        stdin = open(os.path.join(work, step.stdin[1]), "rb")
    else:
        stdin_path = os.path.join(private, "stdin")
        with open(stdin_path, "wb") as f:
            f.write(step.stdin or b"")
        stdin = open(stdin_path, "rb")
    out_path = os.path.join(private, "stdout")
    pipe_r = None
    if step.stdout == "closed-pipe":
        pipe_r, pipe_w = os.pipe()
        stdout = pipe_w
    elif isinstance(step.stdout, tuple):
        stdout = open(os.path.join(work, step.stdout[1]), "wb")
    else:
        stdout = open(out_path, "wb")
    err_path = os.path.join(private, "stderr")
    stderr = open(err_path, "wb")
    argv = [args.hapgsim] + step.argv
    t0 = time.monotonic()
    p = subprocess.Popen(argv, cwd=work, stdin=stdin, stdout=stdout, stderr=stderr,
                         start_new_session=True)
    stdin.close()
    stderr.close()
    closer = None
    if step.stdout == "closed-pipe":
        os.close(pipe_w)
        closer = threading.Thread(target=pipe_closer, args=(pipe_r,), daemon=True)
        closer.start()
    else:
        stdout.close()
    sent = set()
    for delay, sig in sorted(step.signals):
        wait = t0 + delay * args.slow - time.monotonic()
        try:
            p.wait(timeout=max(0.0, wait))
            break               # over before the signal was due
        except subprocess.TimeoutExpired:
            pass
        try:
            os.kill(p.pid, sig)
            sent.add(sig)
        except ProcessLookupError:
            break
    hung = False
    try:
        rc = p.wait(timeout=step.timeout * args.slow)
    except subprocess.TimeoutExpired:
        hung = True
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        rc = p.wait()
    took = time.monotonic() - t0
    for rel, keep, sink, t in readers:
        os.close(keep)
        t.join(5)
    if closer:
        closer.join(5)
    for path, t in writers:
        release_fifo(path, os.O_RDONLY)
        t.join(5)
    with open(err_path, "rb") as f:
        err = f.read(1 << 20).decode("utf-8", "replace")
    out = b""
    if step.stdout is None:
        with open(out_path, "rb") as f:
            out = f.read(64 << 20)

    # signal, hang, status
    if hung:
        problems.append(("hang", f"still running after {step.timeout * args.slow:g} s"
                         + (f" (sent {', '.join(signal.Signals(s).name for s in sorted(sent))})"
                            if sent else "")))
    elif rc < 0:
        if -rc not in sent | step.allow:
            problems.append(("signal", f"killed by {signal.Signals(-rc).name}"))
    elif rc not in EXITS:
        problems.append(("status", f"exit status {rc}"))
    m = BAD_STDERR.search(err)
    if m:
        line = next(l for l in err.splitlines() if m.group(0) in l)
        problems.append(("stderr", line.strip()[:160]))
    if rc == 2 and not hung:
        first = err.split("\n", 1)[0].strip()
        if not first:
            problems.append(("message", "exit 2 without a message on stderr's first line"))
        elif not err.endswith("\n"):
            problems.append(("message", "the message on stderr does not end with a newline"))
        if step.cmd in REPORTING and step.stdout is None and out:
            problems.append(("message", f"exit 2 but {len(out)} bytes on stdout"))
    ended = not hung and (rc in (0, 1, 130, 143))

    # standard output as the output
    if ended and step.cmd in REPORTING and step.to_stdout() and step.stdout is None \
            and rc in (0, 1):
        why = whole(out, step.cmd)
        if why:
            problems.append(("output", f"stdout: {why}"))
    # write errors
    if not hung and rc == 0 and (
            any(before.get(rel) == ("chardev", os.makedev(1, 7)) for rel in step.outputs)
            or (isinstance(step.stdout, tuple) and before.get(step.stdout[1]) == ("chardev", os.makedev(1, 7))
                and step.to_stdout() and (step.cmd in REPORTING or "--print" in step.argv))):
        problems.append(("write", "exit 0 although the output went to a full device"))

    # files
    after = snapshot(work)
    for rel in sorted(set(before) | set(after)):
        b, a = before.get(rel), after.get(rel)
        kind = step.outputs.get(rel)
        if kind is not None:
            if b is not None and b[0] not in ("file",) and a != b:
                problems.append(("special", f"{rel}: was {b[0]}, now "
                                 + (f"{a[0]} {a[1] if a[0] == 'link' else ''}".strip()
                                    if a else "gone")))
                continue
            if a is None or a == b or a[0] != "file":
                continue
            if rc == 2:
                problems.append(("output", f"{rel} {'written' if b is None else 'changed'} "
                                 "although the exit status is 2"))
                continue
            if kind == "journal":
                if rc == 0:
                    problems.append(("leftover", f"{rel}: journal left after a sweep that finished"))
                continue
            with open(os.path.join(work, rel), "rb") as f:
                why = whole(f.read(256 << 20), step.cmd)
            if why:
                problems.append(("output", f"{rel}: {why}"))
            continue
        if a == b:
            continue
        if b is None:
            problems.append(("leftover", f"{rel} left behind"))
        elif a is None:
            problems.append(("input", f"{rel} removed"))
        else:
            problems.append(("input", f"{rel} changed ({b[0]} -> {a[0]})"))
    for rel, keep, sink, t in readers:
        data = b"".join(sink)
        if data and rc in (0, 1):
            why = whole(data, step.cmd)
            if why:
                problems.append(("output", f"{rel} (read from the FIFO): {why}"))
    summary = f"exit {rc}{' (hung)' if hung else ''} in {took:.1f} s"
    if problems and err.strip():
        summary += "; stderr: " + " | ".join(err.strip().splitlines()[:2])[:200]
    return problems, summary


def run_case(case, args):
    """Runs a case's steps in a fresh work dir; returns [(property, detail, step text)]."""
    if case.needs_root and not args.root_ok:
        return None
    base = tempfile.mkdtemp(prefix="battery-", dir=args.tmp)
    work = os.path.join(base, "w")
    private = os.path.join(base, "p")
    os.mkdir(work)
    os.mkdir(private)
    failures = []
    t0 = time.monotonic()
    try:
        shutil.copy(os.path.join(args.fixtures, "s.yaml"), work)
        for f in case.files:
            shutil.copy(os.path.join(args.fixtures, f), work)
        if case.setup:
            case.setup(work)
        for step in case.steps:
            problems, summary = run_step(step, work, private, args)
            for prop, detail in problems:
                failures.append((prop, detail, f"{step.text()} -> {summary}"))
            if problems:
                break
    except Exception as e:          # a broken case is a failure of the battery itself
        failures.append(("battery", f"{type(e).__name__}: {e}", case.name))
    finally:
        if not args.keep:
            for dirpath, dirnames, _ in os.walk(base):
                for d in dirnames:
                    try:
                        os.chmod(os.path.join(dirpath, d), 0o700)
                    except OSError:
                        pass
            shutil.rmtree(base, ignore_errors=True)
    case.took = time.monotonic() - t0
    return failures


# --------------------------------------------------------------------------- fixtures

def make_fixtures(args):
    """Results made once by the program under test, copied into the cases that need them."""
    fx = args.fixtures
    shutil.copy(os.path.join(args.root, "tests", "cli", "small.yaml"), os.path.join(fx, "s.yaml"))
    shutil.copy(os.path.join(args.root, "tests", "cli", "analytic.yaml"), os.path.join(fx, "a.yaml"))
    runs = [
        ["run", "s.yaml", "-r", "3", "--set", "duration=6h", "-q", "-o", "good.json"],
        ["run", "s.yaml", "-r", "3", "--set", "duration=6h", "--set", "workload.rate=6", "-q",
         "-o", "good_b.json"],
        ["run", "a.yaml", "-r", "3", "-s", "3", "--set", "duration=6h", "-q", "-o", "other.json"],
        ["run", "s.yaml", "-r", "3", "--set", "duration=6h", "-q", "-o", "good.csv"],
        ["sweep", "s.yaml", "--sweep", "seed=1,2", "-r", "2", "--set", "duration=2h", "-q",
         "-o", "sweep.json"],
        ["sweep", "s.yaml", "--sweep", "seed=1,2", "-r", "2", "--set", "duration=2h",
         "--set", "workload.rate=6", "-q", "-o", "sweep_foreign.json"],
        ["trace", "s.yaml", "--set", "duration=2h", "-o", "trace.jsonl"],
    ]
    for argv in runs:
        p = subprocess.run([args.hapgsim] + argv, cwd=fx, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=120 * args.slow)
        if p.returncode != 0:
            sys.exit(f"battery: making the fixtures, `hapgsim {' '.join(argv)}` exited "
                     f"{p.returncode}: {p.stderr.decode('utf-8', 'replace').strip()[:300]}")

    def load(name):
        with open(os.path.join(fx, name), encoding="utf-8") as f:
            return json.load(f)

    def save(name, obj):
        with open(os.path.join(fx, name), "w", encoding="utf-8") as f:
            f.write(obj if isinstance(obj, str) else json.dumps(obj, indent=2))

    good_text = open(os.path.join(fx, "good.json"), encoding="utf-8").read()
    save("truncated.json", good_text[: len(good_text) // 2])
    save("empty.json", "")
    save("null.json", "null")
    save("array.json", "[1, 2, 3]")
    save("nan.json", good_text.replace('"stddev" :', '"stddev" : NaN, "x" :', 1))
    save("deep.json", "[" * 200000 + "]" * 200000)
    save("bom.json", "\ufeff" + good_text)
    with open(os.path.join(fx, "garbage.json"), "wb") as f:
        f.write(random.Random(14).randbytes(4096))
    variants = {
        "seed5.json": lambda d: [r.__setitem__("seed", 5) for r in d["per_replication"]],
        "topseed.json": lambda d: d.__setitem__("seed", "abc"),
        "values.json": lambda d: d.__setitem__("per_replication", "abc"),
        "metrics_list.json": lambda d: d.__setitem__("metrics", [1, 2]),
        "mean_str.json": lambda d: [m.__setitem__("mean", "abc") for m in d["metrics"].values()],
        "repmetric_str.json": lambda d: [r["metrics"].__setitem__(k, "abc")
                                         for r in d["per_replication"] for k in list(r["metrics"])],
        "repmetrics_missing.json": lambda d: [r.pop("metrics") for r in d["per_replication"]],
        "noreps.json": lambda d: d.__setitem__("per_replication", []),
        "nometrics.json": lambda d: d.pop("metrics"),
        "replication_neg.json": lambda d: [r.__setitem__("replication", -1)
                                           for r in d["per_replication"]],
        "replication_dup.json": lambda d: [r.__setitem__("replication", 0)
                                           for r in d["per_replication"]],
        "huge_values.json": lambda d: [r["metrics"].__setitem__(k, 1e308)
                                       for r in d["per_replication"] for k in list(r["metrics"])],
        "completed_str.json": lambda d: d.__setitem__("completed", "abc"),
    }
    for name, change in variants.items():
        d = load("good.json")
        change(d)
        save(name, d)
    d = load("good.json")
    d["interrupted"] = True
    d["completed"] = 1
    d["per_replication"] = d["per_replication"][:1]
    save("interrupted.json", d)
    d = load("good.json")
    d["metrics"]["outage.count"] = {"mean": 1, "stddev": 0, "ci95": [1, 1], "n": 3}
    save("one_rep_const.json", d)
    sw = load("sweep.json")
    sw_text = open(os.path.join(fx, "sweep.json"), encoding="utf-8").read()
    save("sweep_truncated.json", sw_text[: len(sw_text) * 2 // 3])
    d = json.loads(sw_text)
    for pt in d.get("points", []):
        pt["complete"] = "abc"
    save("sweep_complete_str.json", d)
    d = json.loads(sw_text)
    d["points"] = d.get("points", [])[:1]
    save("sweep_one_point.json", d)
    d = json.loads(sw_text)
    for pt in d.get("points", []):
        pt["values"] = "abc"
    save("sweep_values_str.json", d)
    d = json.loads(sw_text)
    d["complete"] = False
    if d.get("points"):
        d["points"][-1]["complete"] = False
        d["points"][-1]["per_replication"] = []
    save("sweep_partial.json", d)
    del sw


# --------------------------------------------------------------------------- the battery

SIGINT, SIGTERM, SIGKILL = signal.SIGINT, signal.SIGTERM, signal.SIGKILL
QUICK = ["--set", "duration=2h", "-r", "2"]
LONG = ["--set", "duration=1000d"]
BASE = {
    "run": ["run", "s.yaml", "-q"] + QUICK,
    "sweep": ["sweep", "s.yaml", "--sweep", "seed=1,2", "-q"] + QUICK,
    "analytic": ["analytic", "s.yaml", "--compare"] + QUICK,
    "trace": ["trace", "s.yaml", "--set", "duration=2h"],
    "validate": ["validate", "s.yaml"],
    "compare": ["compare", "good.json", "good_b.json"],
    "help": ["help"],
}
RESULTS = ["good.json", "good_b.json"]


def files_for(cmd):
    return RESULTS if cmd == "compare" else []


def write(work, name, data, mode=None):
    path = os.path.join(work, name)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    if mode is not None:
        os.chmod(path, mode)


def options_cases():
    cases = []

    def add(cat, name, argv, cmd, **kw):
        cases.append(Case(cat, name, Step(argv, signals=[(8, SIGINT)], **kw), files=files_for(cmd)))

    sim = ["run", "sweep", "analytic"]
    for cmd in sim:
        for v in ["0", "-1", "2000", "abc", "", "1.5", "99999999999999999999", " 2", "0x10", "1e3"]:
            add("options", f"{cmd}-j={v!r}", BASE[cmd] + ["-j", v], cmd)
        base = BASE[cmd][:BASE[cmd].index("-r")] + BASE[cmd][BASE[cmd].index("-r") + 2:]
        for v in ["0", "-1", "1e99", "abc", "", "2.5", "18446744073709551617", "1000001", "-0"]:
            add("options", f"{cmd}-r={v!r}", base + ["-r", v], cmd)
    for cmd in sim + ["trace"]:
        for v in ["18446744073709551615", "18446744073709551616", "-1", "abc", "", "1e5",
                  "99999999999999999999999"]:
            add("options", f"{cmd}-s={v!r}", BASE[cmd] + ["-s", v], cmd)
    for cmd in ["run", "sweep", "compare"]:
        for v in ["xml", "JSON", "", "json,csv", "text "]:
            add("options", f"{cmd}-format={v!r}", BASE[cmd] + ["--format", v], cmd)
    for v in ["-1", "abc", "1e99", "18446744073709551616", "999999", "0x1"]:
        add("options", f"trace-replication={v!r}", BASE["trace"] + ["--replication", v], "trace")
    for v in ["0", "1", "-1", "2", "nan", "abc", "", "inf", "1e-300"]:
        add("options", f"compare-alpha={v!r}", BASE["compare"] + ["--alpha", v], "compare")
    for v in ["x", "availability.time=", "availability.time=-1", "nosuch=1",
              "availability.time=nan", "availability.time=1e999%", "availability.time=%", "=1"]:
        add("options", f"compare-tolerance={v!r}", BASE["compare"] + ["--tolerance", v], "compare")
    for cmd in ["compare", "sweep"]:
        for v in ["nosuch", "", "availability.time,outage.count"]:
            add("options", f"{cmd}-metric={v!r}", BASE[cmd] + ["--metric", v], cmd)
    for v in ["x", "availability.time=", "availability.time=-1", "nosuch=1",
              "availability.time=nan", "availability.time=0", "availability.time=1e999%"]:
        add("options", f"run-precision={v!r}",
            BASE["run"] + ["--precision", v, "--max-replications", "20"], "run")
    for v in ["0", "-1", "abc", "1"]:
        add("options", f"run-max-replications={v!r}",
            BASE["run"] + ["--precision", "availability.time=1%", "--max-replications", v], "run")
    for cmd in BASE:
        for v in ["--frobnicate", "-Z", "--set-x=1", "---"]:
            add("options", f"{cmd}-unknown={v}", BASE[cmd] + [v], cmd)
    missing = {"run": ["-o", "-r", "-s", "-j", "--set", "--format", "--precision",
                       "--max-replications"],
               "sweep": ["--sweep", "--metric"], "compare": ["--alpha", "--tolerance", "--metric", "-o"],
               "trace": ["--replication", "-o"], "analytic": ["--set"], "validate": ["--sweep"],
               "help": ["--options"]}
    for cmd, opts in missing.items():
        for o in opts:
            add("options", f"{cmd}-missing={o}", BASE[cmd] + [o], cmd)
    extra = [("run", ["run", "s.yaml", "s.yaml"] + QUICK), ("sweep", ["sweep", "s.yaml", "s.yaml"]),
             ("trace", ["trace", "s.yaml", "s.yaml"]), ("analytic", ["analytic", "s.yaml", "s.yaml"]),
             ("compare", ["compare", "good.json", "good_b.json", "good.json"]),
             ("help", ["help", "run", "extra"]), ("help", ["help", "--commands", "extra"]),
             ("help", ["help", "--keys", "s.yaml", "s.yaml"]), ("help", ["help", "nosuch"]),
             ("validate", ["validate"]), ("run", ["run"]), ("compare", ["compare", "good.json"]),
             ("compare", ["compare"]), ("sweep", ["sweep"]), ("trace", ["trace"]),
             ("analytic", ["analytic"]), ("help", ["-V", "extra"]), ("help", ["--version", "--help"]),
             ("help", ["help", "--options"]), ("help", ["help", "--keys", "nosuch.yaml"]),
             ("run", ["run", "--", "s.yaml"] + QUICK), ("run", ["run", "-", "-"] + QUICK)]
    for n, (cmd, argv) in enumerate(extra):
        add("arguments", f"{n}-{'_'.join(argv)[:40]}", argv, cmd)
    for argv in (["--jobs=abc"], ["--replications="], ["--seed=-1"], ["--output="],
                 ["--format="], ["--set="], ["--set"]):
        add("options", f"run{argv[0]}", BASE["run"] + argv, "run")
    return cases


SET_VALUES = [
    # paths
    "", "=5", "nosuch=1", "a..b=1", ".a=1", "a.=1", "members.list.99.zone=a",
    "faults.-1.kind=power", "faults.99999999999999999999.kind=power", "sweep.x=1", "expect.x=1",
    "zones.0.x=1", "workload.rate=[1, 2", "seed=*a", "seed=!!str 5", "name=&a x", "seed",
    "x" * 10000 + "=1", ".".join(["a"] * 5000) + "=1", "faults.0.every.mean.x=1", "hapgsim=2",
    "members.list.0.name=x", "faults.1=" + "{kind: power}", "name=\x01", "description=" + "x" * 70000,
    "description=" + "y" * 130000,
    # types
    "replications=abc", "replications=1.5", "replications=1e3", "seed=-1",
    "seed=18446744073709551616", "seed=true", "zones=5", "zones={a: 1}", "members=[]", "faults=5",
    "faults.0={}", "workload.rate=fast", "clients.auto_recovery.retry=1e3", "duration=true",
    "members.count=[1]", "workload.mix=read", "name=", "name=[a]",
    # durations
    "duration=0s", "duration=1ns", "duration=1000000y", "duration=292y", "duration=293y",
    "duration=-1s", "duration=1e99s", "duration=nan", "duration=inf", "duration=",
    "duration=9223372036854775807ns", "duration=9223372036854775808ns", "warmup=2h", "warmup=1ns",
    "sync.per_object=5d", "sync.base=200y", "members.defaults.activation_hold=0s",
    "members.defaults.reinit_time=1000000y", "clients.command_timeout=0s",
    "members.defaults.boot_time=200y",
    # rates and numbers
    "workload.rate=0", "workload.rate=1e300", "workload.rate=-1", "workload.rate=nan",
    "workload.rate=inf", "workload.rate=.nan", "workload.rate=.inf", "workload.rate=1e-300",
    "workload.rate=1e6", "members.defaults.capacity=0", "members.defaults.capacity=1e-300",
    "members.defaults.capacity=1e300", "members.defaults.capacity=nan",
    # counts
    "members.count=1e9", "members.count=0", "members.count=17", "members.count=-1",
    "clients.count=100000000", "clients.count=1000", "members.defaults.concurrency=0",
    "members.defaults.concurrency=1025", "members.defaults.concurrency=1e9",
    "members.defaults.queue_limit=10000000", "replications=1000000", "workload.initial_objects=1e9",
    "workload.initial_objects=1000000000", "workload.initial_objects=-1",
    "workload.initial_objects=10000000",
    # probabilities
    "workload.mix={read: 1.5, create: -0.5}", "workload.mix.read=nan", "workload.mix={read: 1e300}",
    "workload.mix={read: 0.5, create: 0.5000000001}", "workload.mix={}",
    "workload.key_choice={zipf: {s: 1e-300}}", "workload.key_choice={zipf: {s: 1e300}}",
]
DISTS = [
    "{dist: uniform, min: 0s, max: 0s}", "{dist: gamma, shape: 1e-300, scale: 1h}",
    "{dist: lognormal, median: 1h, sigma: 1e300}", "{dist: lognormal, median: 1h, sigma: 700}",
    "{dist: lognormal, mu: 1e300, sigma: 1}", "{dist: lognormal, mu: -1e300, sigma: 1}",
    "{dist: weibull, shape: 1e-300, scale: 1h}", "{dist: pareto, shape: 1e-300, scale: 1h}",
    "{dist: exponential, mean: 1ns}", "{dist: exponential, mean: 0s}",
    "{dist: erlang, k: 1000000, mean: 1h}", "{dist: erlang, k: 1e9, mean: 1h}",
    "{dist: erlang, k: 0.5, mean: 1h}", "{dist: empirical, values: []}",
    "{dist: empirical, values: [0s]}", "{dist: deterministic, value: 0s}",
    "{dist: uniform, min: 1ns, max: 200y}", "{dist: gamma, shape: 1e300, scale: 1h}",
]
DIST_PATHS = ["faults.0.every", "faults.0.repair", "operator.response", "members.defaults.service.read"]
SWEEP_VALUES = [
    "", "seed=", "seed", "seed=1,,2", "nosuch=1,2", "duration=0s,1h", "members.count=0,1,17",
    "sweep=1", "expect.x=1", "seed=" + ",".join(str(i) for i in range(1001)), "workload.rate=1,[",
    "faults.0.repair={dist: gamma, shape: 1e-300, scale: 1h},1h", "seed=1,1", "workload.rate=nan,inf",
    "workload.rate=1e300,1", "faults.0.every={dist: exponential, mean: 1ns},1h",
]


def set_cases():
    cases = []
    # each value on run; a run that may go on long is asked to stop after 3 s
    for n, v in enumerate(SET_VALUES):
        cases.append(Case("set", f"{n}-{v[:40]}", Step(
            BASE["run"] + ["--set", v, "-o", "out.json"], signals=[(2, SIGINT)])))
    for path in DIST_PATHS:
        for n, d in enumerate(DISTS):
            cases.append(Case("set-dist", f"{path}-{n}", Step(
                BASE["run"] + ["--set", f"{path}={d}", "-o", "out.json"], signals=[(2, SIGINT)])))
    cases.append(Case("set-dist", "every-and-repair-zero", Step(
        BASE["run"] + ["--set", "faults.0.every=0s", "--set", "faults.0.repair={dist: uniform, min: 0s, max: 0s}",
                       "-o", "out.json"], signals=[(2, SIGINT)])))
    # a selection on the other commands that load scenarios
    chosen = ["workload.rate=1e300", "duration=1000000y", "faults.0.repair={dist: lognormal, median: 1h, sigma: 1e300}",
              "faults.0.every={dist: gamma, shape: 1e-300, scale: 1h}", "workload.initial_objects=1e9",
              "sync.per_object=5d", "members.count=1e9", "workload.rate=nan", "a..b=1", "seed=*a"]
    for cmd in ["validate", "trace", "analytic", "sweep"]:
        for n, v in enumerate(chosen):
            out = ["-o", "out.jsonl"] if cmd == "trace" else (["-o", "out.json"] if cmd == "sweep" else [])
            cases.append(Case(f"set-{cmd}", f"{n}-{v[:40]}", Step(
                BASE[cmd] + ["--set", v] + out, signals=[(2, SIGINT)])))
    cases.append(Case("set", "1001-options", Step(
        BASE["run"] + [a for i in range(1001) for a in ("--set", f"seed={i}")], signals=[(2, SIGINT)])))
    for n, v in enumerate(SWEEP_VALUES):
        for cmd in ["sweep", "validate"]:
            cases.append(Case(f"sweep-{cmd}", f"{n}-{v[:40]}", Step(
                BASE[cmd] + ["--sweep", v] + (["-o", "out.json"] if cmd == "sweep" else []),
                signals=[(2, SIGINT)])))
    axes17 = [a for i in range(17) for a in ("--sweep", f"members.defaults.capacity={1000 + i},{2000 + i}")]
    cases.append(Case("sweep-sweep", "17-axes", Step(BASE["sweep"] + axes17, signals=[(2, SIGINT)])))
    big = [a for p in ("seed", "workload.rate", "members.defaults.capacity", "sync.base")
           for a in ("--sweep", p + "=" + ",".join(str(i + 1) for i in range(40)))]
    cases.append(Case("sweep-sweep", "2.5M-points", Step(BASE["sweep"] + big, signals=[(2, SIGINT)])))
    return cases


def garbage(n, seed):
    return random.Random(seed).randbytes(n)


def scenario_kinds(small):
    """name -> (setup(work, name) making the scenario at `name`, needs root)."""
    def content(data):
        return lambda work, name: write(work, name, data), False

    def nested(depth):
        return "hapgsim: 1\nname: deep\ndescription: " + "[" * depth + "]" * depth + "\n"

    def mapping(depth):
        return "hapgsim: 1\nx:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(depth)) + "  " * (depth + 1) + "v: 1\n"

    laughs = "hapgsim: 1\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9))

    def directory(work, name):
        os.mkdir(os.path.join(work, name))

    def unreadable(work, name):
        write(work, name, small, 0o000)

    def loop(work, name):
        os.symlink(name, os.path.join(work, name))

    def dangling(work, name):
        os.symlink("nowhere.yaml", os.path.join(work, name))

    def to_dir(work, name):
        os.mkdir(os.path.join(work, "d"))
        os.symlink("d", os.path.join(work, name))

    def device(minor):
        return lambda work, name: os.mknod(os.path.join(work, name), 0o666 | stat.S_IFCHR,
                                           os.makedev(1, minor))
    kinds = {
        "empty": content(b""), "blank": content(b"  \n\n  \n"), "comment": content(b"# nothing\n"),
        "garbage": content(garbage(4096, 1)), "nul": content(small.encode()[:50] + b"\0" + small.encode()[50:]),
        "latin1": content(small.encode() + b"description: caf\xe9\n"),
        "huge-comment": content("# " + "x" * (2 << 20) + "\n" + small),
        "huge-valid": content(small + "description: " + "x" * ((1 << 20) - len(small) - 20) + "\n"),
        "deep-flow": content(nested(100000)), "deep-65": content(nested(65)),
        "deep-map": content(mapping(70)), "aliases": content(laughs),
        "tag": content("hapgsim: !!str 1\n"), "two-docs": content(small + "---\n" + small),
        "list": content("- a\n- b\n"), "scalar": content("hello\n"), "version-2": content("hapgsim: 2\n"),
        "bom": content(b"\xef\xbb\xbf" + small.encode()), "crlf": content(small.replace("\n", "\r\n")),
        "unknown-key": content(small + "frobnicate: 1\n"),
        "long-line": content("hapgsim: 1\nname: " + "n" * 70000 + "\n"),
        "many-nodes": content("hapgsim: 1\nx: [" + ",".join(["1"] * 200000) + "]\n"),
        "directory": (directory, False), "missing": (lambda work, name: None, False),
        "unreadable": (unreadable, False), "symlink-loop": (loop, False),
        "dangling": (dangling, False), "symlink-dir": (to_dir, False),
        "zero-device": (device(5), True), "null-device": (device(3), True),
    }
    return kinds


def file_cases(small):
    cases = []
    kinds = scenario_kinds(small)
    commands = {
        "run": lambda f: ["run", f, "-q", "-o", "out.json"] + QUICK,
        "validate": lambda f: ["validate", f],
        "sweep": lambda f: ["sweep", f, "--sweep", "seed=1,2", "-o", "out.csv"] + QUICK,
        "analytic": lambda f: ["analytic", f] + QUICK,
        "trace": lambda f: ["trace", f, "--set", "duration=2h", "-o", "out.jsonl"],
        "keys": lambda f: ["help", "--keys", f],
    }
    for kind, (setup, root) in kinds.items():
        for cmd, argv in commands.items():
            name = "scenario.yaml"
            cases.append(Case(f"file-{cmd}", kind, Step(argv(name), signals=[(5, SIGINT)]),
                              setup=lambda work, s=setup, n=name: s(work, n), needs_root=root))
    # a FIFO as the scenario, with a writer
    for cmd in ["run", "validate", "trace"]:
        def fifo_setup(work):
            os.mkfifo(os.path.join(work, "fifo.yaml"))
        step = Step(commands[cmd]("fifo.yaml"), signals=[(5, SIGINT)])
        step.fifo_inputs = {"fifo.yaml": small.encode()}
        cases.append(Case(f"file-{cmd}", "fifo", step, setup=fifo_setup))
    # standard input
    stdins = {"good": small.encode(), "empty": b"", "garbage": garbage(4096, 2),
              "huge": b"# " + b"x" * (2 << 20) + b"\n", "nul": b"hapgsim: 1\0\n",
              "aliases": b"hapgsim: 1\na: &a [x]\nb: [*a, *a]\n"}
    for kind, data in stdins.items():
        for cmd, argv in commands.items():
            cases.append(Case(f"stdin-{cmd}", kind, Step(argv("-"), stdin=data, signals=[(5, SIGINT)])))
    for cmd in ["run", "validate"]:
        cases.append(Case(f"stdin-{cmd}", "zero-device", Step(commands[cmd]("-"), stdin=("file", "zero"),
                                                               signals=[(5, SIGINT)]),
                          setup=lambda work: os.mknod(os.path.join(work, "zero"), 0o666 | stat.S_IFCHR,
                                                      os.makedev(1, 5)), needs_root=True))
        cases.append(Case(f"stdin-{cmd}", "twice", Step(commands[cmd]("-") + ["-"], stdin=small.encode())))
    cases.append(Case("stdin-validate", "twice-three", Step(["validate", "-", "s.yaml", "-"], stdin=small.encode())))
    return cases


def output_cases():
    cases = []

    def mk(kind, inp="s.yaml"):
        def setup(work):
            w = lambda *p: os.path.join(work, *p)
            if kind == "dir":
                os.mkdir(w("adir"))
            elif kind == "link":
                write(work, "target.json", "{}\n")
                os.symlink("target.json", w("link.json"))
            elif kind == "dangling":
                os.symlink("new.json", w("dlink.json"))
            elif kind == "link-input":
                os.symlink(inp, w("ilink.json"))
            elif kind == "link-dir":
                os.mkdir(w("adir"))
                os.symlink("adir", w("dirlink"))
            elif kind == "fifo":
                os.mkfifo(w("pipe.json"))
            elif kind == "null":
                os.mknod(w("null"), 0o666 | stat.S_IFCHR, os.makedev(1, 3))
            elif kind == "full":
                os.mknod(w("full"), 0o666 | stat.S_IFCHR, os.makedev(1, 7))
            elif kind == "readonly":
                write(work, "ro.json", "old\n", 0o444)
            elif kind == "locked":
                os.mkdir(w("locked"), 0o000)
            elif kind == "old":
                write(work, "old.json", "not json at all\n")
            elif kind == "sub":
                os.mkdir(w("sub"))
        return setup

    targets = [  # name, -o value, setup kind, outputs (None: inferred), needs root
        ("missing-dir", "nodir/out.json", None, None, False),
        ("directory", "adir", "dir", None, False),
        ("directory-slash", "adir/", "dir", None, False),
        ("dot", ".", None, {}, False),
        ("input-itself", "INPUT", None, {}, False),
        ("symlink", "link.json", "link", {"link.json": "auto", "target.json": "auto",
                                          "target.json" + JOURNAL: "journal"}, False),
        ("dangling-symlink", "dlink.json", "dangling", {"dlink.json": "auto", "new.json": "auto",
                                                        "new.json" + JOURNAL: "journal",
                                                        "dlink.json" + JOURNAL: "journal"}, False),
        ("symlink-to-input", "ilink.json", "link-input", {"ilink.json": "auto"}, False),
        ("symlink-to-dir", "dirlink", "link-dir", {"dirlink": "auto"}, False),
        ("fifo", "pipe.json", "fifo", {"pipe.json": "auto"}, False),
        ("null-device", "null", "null", {"null": "auto"}, True),
        ("full-device", "full", "full", {"full": "auto"}, True),
        ("upper-JSON", "X.JSON", None, None, False),
        ("mixed-Csv", "x.Csv", None, None, False),
        ("dash", "-", None, {}, False),
        ("empty", "", None, {}, False),
        ("long-name", "n" * 300 + ".json", None, None, False),
        ("readonly-file", "ro.json", "readonly", None, False),
        ("locked-dir", "locked/out.json", "locked", None, False),
        ("old-garbage", "old.json", "old", None, False),
        ("trailing-slash", "out.json/", None, None, False),
        ("in-subdir", "sub/out.csv", "sub", None, False),
    ]
    commands = {
        "run": (["run", "s.yaml", "-q"] + QUICK, "s.yaml"),
        "sweep": (BASE["sweep"], "s.yaml"),
        "trace": (BASE["trace"], "s.yaml"),
        "compare": (BASE["compare"], "good.json"),
    }
    for cmd, (argv, inp) in commands.items():
        for name, target, kind, outs, root in targets:
            t = inp if target == "INPUT" else target
            step = Step(argv + ["-o", t], signals=[(8, SIGINT)], outputs=outs)
            cases.append(Case(f"output-{cmd}", name, step, files=files_for(cmd),
                              setup=mk(kind, inp) if kind else None, needs_root=root))
        # the report on standard output, standard output a full device
        cases.append(Case(f"output-{cmd}", "stdout-full-device",
                          Step(argv, stdout=("device", "full"), outputs={"full": "auto"}),
                          files=files_for(cmd), setup=mk("full"), needs_root=True))
        cases.append(Case(f"output-{cmd}", "stdout-null-device",
                          Step(argv, stdout=("device", "null"), outputs={"null": "auto"}),
                          files=files_for(cmd), setup=mk("null"), needs_root=True))
    for cmd in ["run", "sweep"]:
        for fmt, target in [("csv", "out.json"), ("json", "out.csv"), ("text", "out.json")]:
            cases.append(Case(f"output-{cmd}", f"format-{fmt}-{target}",
                              Step(commands[cmd][0] + ["-o", target, "--format", fmt])))
    cases.append(Case("output-validate", "print-full-device",
                      Step(["validate", "--print", "s.yaml"], stdout=("device", "full"),
                           outputs={"full": "auto"}), setup=mk("full"), needs_root=True))
    cases.append(Case("output-trace", "closed-pipe",
                      Step(["trace", "s.yaml"] + LONG, stdout="closed-pipe", allow={signal.SIGPIPE},
                           signals=[(2, SIGINT)])))
    cases.append(Case("output-validate", "print-closed-pipe",
                      Step(["validate", "--print", "s.yaml", "s.yaml", "s.yaml"], stdout="closed-pipe",
                           allow={signal.SIGPIPE})))
    return cases


def compare_cases():
    cases = []
    bad = ["empty.json", "truncated.json", "null.json", "array.json", "nan.json", "deep.json",
           "bom.json", "garbage.json", "seed5.json", "topseed.json", "values.json",
           "metrics_list.json", "mean_str.json", "repmetric_str.json", "repmetrics_missing.json",
           "noreps.json", "nometrics.json", "replication_neg.json", "replication_dup.json",
           "huge_values.json", "completed_str.json", "interrupted.json", "one_rep_const.json",
           "other.json", "sweep.json", "trace.jsonl", "good.csv", "s.yaml", "sweep_values_str.json"]
    for b in bad:
        for side in ("base", "candidate"):
            pair = [b, "good.json"] if side == "base" else ["good.json", b]
            cases.append(Case("compare", f"{b}-as-{side}", Step(["compare"] + pair),
                              files=sorted(set(["good.json", b]) - {"s.yaml"})))
    cases.append(Case("compare", "same-file-twice", Step(["compare", "good.json", "good.json"]),
                      files=["good.json"]))
    cases.append(Case("compare", "same-file-via-link", Step(["compare", "good.json", "l.json"]),
                      files=["good.json"], setup=lambda w: os.symlink("good.json", os.path.join(w, "l.json"))))
    cases.append(Case("compare", "missing", Step(["compare", "good.json", "nosuch.json"]), files=["good.json"]))
    cases.append(Case("compare", "directory", Step(["compare", "good.json", "d"]), files=["good.json"],
                      setup=lambda w: os.mkdir(os.path.join(w, "d"))))
    cases.append(Case("compare", "stdin", Step(["compare", "-", "good.json"],
                                               stdin=b"{}"), files=["good.json"]))
    cases.append(Case("compare", "zero-device", Step(["compare", "good.json", "zero"]), files=["good.json"],
                      setup=lambda w: os.mknod(os.path.join(w, "zero"), 0o666 | stat.S_IFCHR,
                                               os.makedev(1, 5)), needs_root=True))
    cases.append(Case("compare", "interrupted-both", Step(["compare", "interrupted.json", "interrupted.json"]),
                      files=["interrupted.json"]))
    cases.append(Case("compare", "huge", Step(["compare", "good.json", "huge.json"]), files=["good.json"],
                      setup=lambda w: write(w, "huge.json", '{"x": "' + "x" * (3 << 20) + '"}')))
    return cases


def resume_cases():
    cases = []
    argv = BASE["sweep"] + ["-o", "res.json", "--resume"]
    sources = ["sweep_truncated.json", "sweep_foreign.json", "good.json", "empty.json", None,
               "sweep.json", "sweep_complete_str.json", "sweep_one_point.json", "garbage.json",
               "sweep_partial.json", "sweep_values_str.json", "trace.jsonl", "deep.json"]
    for src in sources:
        def setup(work, src=src):
            if src:
                shutil.copy(os.path.join(ARGS.fixtures, src), os.path.join(work, "res.json"))
        cases.append(Case("resume", f"from-{src or 'nothing'}", Step(argv, signals=[(8, SIGINT)]),
                          setup=setup))
    cases.append(Case("resume", "other-seed", Step(argv + ["-s", "99"], signals=[(8, SIGINT)]),
                      setup=lambda w: shutil.copy(os.path.join(ARGS.fixtures, "sweep_partial.json"),
                                                  os.path.join(w, "res.json"))))
    cases.append(Case("resume", "without-output", Step(BASE["sweep"] + ["--resume"])))
    cases.append(Case("resume", "csv-output", Step(BASE["sweep"] + ["-o", "res.csv", "--resume"]),
                      setup=lambda w: write(w, "res.csv", CSV_HEADER + "\n0,0,x,1\n")))
    cases.append(Case("resume", "directory", Step(BASE["sweep"] + ["-o", "d", "--resume"]),
                      setup=lambda w: os.mkdir(os.path.join(w, "d"))))
    cases.append(Case("resume", "garbage-journal", Step(argv, signals=[(8, SIGINT)]),
                      setup=lambda w: (shutil.copy(os.path.join(ARGS.fixtures, "sweep_partial.json"),
                                                   os.path.join(w, "res.json")),
                                       write(w, "res.json" + JOURNAL, garbage(2000, 3)))))
    return cases


def signal_cases():
    cases = []
    long_cmds = {
        "run": ["run", "s.yaml", "-q", "-r", "4", "-j", "2"] + LONG,
        "sweep": ["sweep", "s.yaml", "--sweep", "seed=1,2", "-q", "-r", "2", "-j", "2"] + LONG,
        "trace": ["trace", "s.yaml"] + LONG,
        "analytic": ["analytic", "s.yaml", "--compare", "-r", "2", "-j", "2"] + LONG,
    }
    outs = {"run": "out.json", "sweep": "out.json", "trace": "out.jsonl", "analytic": None}
    plans = {
        "int-0.5": [(0.5, SIGINT)], "int-1": [(1.0, SIGINT)], "term-1": [(1.0, SIGTERM)],
        "int-twice": [(0.8, SIGINT), (1.2, SIGINT)], "int-then-term": [(0.8, SIGINT), (1.3, SIGTERM)],
        "term-twice": [(0.8, SIGTERM), (1.1, SIGTERM)], "int-early": [(0.02, SIGINT)],
    }
    for cmd, argv in long_cmds.items():
        for pname, plan in plans.items():
            o = ["-o", outs[cmd]] if outs[cmd] else []
            cases.append(Case(f"signal-{cmd}", pname, Step(argv + o, signals=plan, timeout=25)))
        if cmd != "analytic":
            cases.append(Case(f"signal-{cmd}", "int-1-stdout", Step(argv, signals=[(1.0, SIGINT)], timeout=25)))
            fmt = ["--format", "csv"] if cmd != "trace" else []
            cases.append(Case(f"signal-{cmd}", "int-1-csv", Step(argv + fmt + ["-o", "out.csv"],
                                                                  signals=[(1.0, SIGINT)], timeout=25)))
            cases.append(Case(f"signal-{cmd}", "int-1-fifo", Step(argv + ["-o", "pipe.json"],
                                                                   signals=[(1.0, SIGINT)], timeout=25),
                              setup=lambda w: os.mkfifo(os.path.join(w, "pipe.json"))))
            cases.append(Case(f"signal-{cmd}", "int-1-replacing", Step(argv + ["-o", "old.json"],
                                                                        signals=[(1.0, SIGINT)], timeout=25),
                              setup=lambda w: write(w, "old.json", '{"old": true}\n')))
            cases.append(Case(f"signal-{cmd}", "kill-1-replacing", Step(argv + ["-o", "old.json"],
                                                                         signals=[(1.0, SIGKILL)], timeout=25),
                              setup=lambda w: write(w, "old.json", '{"old": true}\n')))
    # a sweep killed, then resumed; interrupted, resumed, interrupted again, resumed
    sweep = ["sweep", "s.yaml", "--sweep", "seed=1,2,3,4", "-q", "-j", "2", "-o", "out.json"]
    cases.append(Case("signal-sweep", "kill-then-resume", [
        Step(sweep, signals=[(1.0, SIGKILL)], timeout=30),
        Step(sweep + ["--resume"], signals=[(15, SIGINT)], timeout=30)]))
    cases.append(Case("signal-sweep", "int-resume-int-resume", [
        Step(sweep, signals=[(0.7, SIGINT)], timeout=30),
        Step(sweep + ["--resume"], signals=[(0.7, SIGINT)], timeout=30),
        Step(sweep + ["--resume"], signals=[(15, SIGINT)], timeout=30)]))
    cases.append(Case("signal-sweep", "int-then-fresh", [
        Step(sweep, signals=[(0.7, SIGINT)], timeout=30),
        Step(sweep, signals=[(15, SIGINT)], timeout=30)]))
    cases.append(Case("signal-sweep", "resume-killed", [
        Step(sweep, signals=[(0.7, SIGINT)], timeout=30),
        Step(sweep + ["--resume"], signals=[(0.7, SIGKILL)], timeout=30),
        Step(sweep + ["--resume"], signals=[(15, SIGINT)], timeout=30)]))
    return cases


ARGS = None


def all_cases(args):
    small = open(os.path.join(args.fixtures, "s.yaml"), encoding="utf-8").read()
    return (options_cases() + set_cases() + file_cases(small) + output_cases() + compare_cases()
            + resume_cases() + signal_cases())


def main():
    global ARGS
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=os.path.normpath(os.path.join(here, "..", "..")))
    ap.add_argument("--hapgsim", help="the program under test (default: ROOT/build/hapgsim)")
    ap.add_argument("-j", "--jobs", type=int, default=3, help="cases at once (default 3)")
    ap.add_argument("--slow", type=float, default=1.0, help="multiply every delay and time limit")
    ap.add_argument("--memory", type=int, default=4096,
                    help="address-space limit of each invocation in MiB (default 4096; 0: none, "
                         "as the sanitizers need)")
    ap.add_argument("--only", default="*", help="run only the cases CATEGORY/NAME matching this glob")
    ap.add_argument("--list", action="store_true", help="list the cases, run nothing")
    ap.add_argument("--keep", action="store_true", help="keep the work directories")
    ap.add_argument("--times", type=int, default=0, metavar="N", help="print the N slowest cases")
    ap.add_argument("--tmp", default=None, help="where work directories go (default: TMPDIR)")
    args = ap.parse_args()
    ARGS = args
    args.root = os.path.abspath(args.root)
    args.hapgsim = os.path.abspath(args.hapgsim or os.path.join(args.root, "build", "hapgsim"))
    if not os.access(args.hapgsim, os.X_OK):
        sys.exit(f"battery: {args.hapgsim}: not an executable program")
    args.root_ok = os.geteuid() == 0
    # limits every invocation inherits: no core file left in a work dir, bounded memory
    # and files (an invocation that wants more fails, and the case with it)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if args.memory:
        resource.setrlimit(resource.RLIMIT_AS, (args.memory << 20, args.memory << 20))
    resource.setrlimit(resource.RLIMIT_FSIZE, (512 << 20, 512 << 20))
    top = tempfile.mkdtemp(prefix="hapgsim-battery-", dir=args.tmp)
    args.tmp = top
    args.fixtures = os.path.join(top, "fixtures")
    os.mkdir(args.fixtures)
    try:
        t0 = time.monotonic()
        make_fixtures(args)
        cases = [c for c in all_cases(args) if fnmatch.fnmatchcase(f"{c.category}/{c.name}", args.only)]
        if args.list:
            for c in cases:
                print(f"{c.category}/{c.name}: " + " ; ".join(s.text() for s in c.steps))
            print(f"battery: {len(cases)} cases, {sum(len(c.steps) for c in cases)} invocations")
            return 0
        passed = failed = skipped = 0
        by_prop, by_cat = {}, {}
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            for case, failures in zip(cases, pool.map(lambda c: run_case(c, args), cases)):
                if failures is None:
                    skipped += 1
                    continue
                if not failures:
                    passed += 1
                    continue
                failed += 1
                for prop in sorted({f[0] for f in failures}):
                    by_prop[prop] = by_prop.get(prop, 0) + 1
                by_cat[case.category] = by_cat.get(case.category, 0) + 1
                for prop, detail, inv in failures:
                    print(f"FAIL {case.category}/{case.name}: {prop}: {detail} ({inv})", flush=True)
        took = time.monotonic() - t0
        for c in sorted(cases, key=lambda c: -getattr(c, "took", 0))[:args.times]:
            print(f"time {getattr(c, 'took', 0):6.2f} s {c.category}/{c.name}")
        if failed:
            print("failed cases by property: " + ", ".join(f"{k} {v}" for k, v in sorted(by_prop.items())))
            print("failed cases by category: " + ", ".join(f"{k} {v}" for k, v in sorted(by_cat.items())))
        print(f"{len(cases)} cases, {sum(len(c.steps) for c in cases)} invocations in {took:.0f} s"
              + (f"; {skipped} cases skipped (mknod needs root)" if skipped else ""))
        print(f"battery: {passed} passed, {failed} failed")
        return 1 if failed else 0
    finally:
        if not args.keep:
            shutil.rmtree(top, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
