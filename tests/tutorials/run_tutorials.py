#!/usr/bin/python3
"""Run every command of the tutorials in docs/tutorials/ and check what they print.

A tutorial is Markdown.  Its fenced blocks marked ```sh hold commands, run in order
from the repository root by one bash process per tutorial (so variables such as
OUT=$(mktemp -d) carry over from one command to the next, and `echo $?` sees the
status of the command before).  A command is one line, or several joined by a
trailing backslash or by a quoted string that goes on, or a line with a here-document
(<<'EOF' ... EOF); lines that are blank or only a comment are skipped.

- Exit status: a command must exit 0 unless one of its lines ends with the comment
  `# exit N`, which sets the status it must exit with.
- Output: a fenced block marked ``` or ```text that comes right after a ```sh block
  (nothing but prose between them) shows what the commands of that block print (each
  command's standard output, then its standard error).  Its lines must appear in that
  output, in that order, each as a whole line (trailing blanks ignored); lines of the
  output that it leaves out are skipped, which a line `...` shows the reader, and
  `...` inside a line stands for any text (a path under $OUT, say).
- Files: a fenced block preceded by the comment `<!-- file: PATH -->` shows the file
  PATH (relative to the repository root) and must be identical to it; it is not run.

`build/hapgsim` in a command stands for the program under test (--hapgsim), which is
also exported as HAPGSIM; TMPDIR is a fresh directory removed at the end (--keep
keeps it), so `mktemp -d` lands there.  The tutorials must not write into the
repository: files that appear at its top level or under docs/tutorials are reported.

Only the standard library is used (python3 of Debian 12).
"""

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

TUTORIALS = ["capacity-planning.md", "failure-study.md", "regression-gate.md",
             "how-many-nines.md", "how-many-nines-splitting.md"]

FENCE = re.compile(r"^(`{3,})\s*([^`]*)$")
FILE_MARK = re.compile(r"^<!--\s*file:\s*(\S+)\s*-->\s*$")
EXIT_MARK = re.compile(r"#\s*exit\s+(\d+)\s*$")
HEREDOC = re.compile(r"<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1")
PROGRAM = re.compile(r"(?<![\w/.-])build/hapgsim(?![\w/.-])")


class Block:
    def __init__(self, info, lines, start, file_mark):
        self.lang = info.split()[0] if info.split() else ""
        self.lines = lines          # the block's lines, without the fences
        self.start = start          # line number (1-based) of the opening fence
        self.file_mark = file_mark  # PATH of a <!-- file: PATH --> comment, or None


class Command:
    def __init__(self, text, line, expected_rc):
        self.text = text
        self.line = line
        self.expected_rc = expected_rc
        self.output = None          # the Block of expected output, if any
        self.group = [self]         # the commands whose output that block shows
        self.rc = None
        self.seconds = 0.0
        self.stdout = ""
        self.stderr = ""


def parse_blocks(path):
    """The fenced blocks of a Markdown file."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    blocks = []
    i = 0
    pending_mark = None
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            fm = FILE_MARK.match(lines[i].strip())
            if fm:
                pending_mark = fm.group(1)
            elif lines[i].strip():
                pending_mark = None     # the comment must come right before the block
            i += 1
            continue
        fence, info = m.group(1), m.group(2).strip()
        start = i + 1
        body = []
        i += 1
        while i < len(lines) and not (lines[i].startswith(fence) and lines[i].strip() == fence):
            body.append(lines[i])
            i += 1
        if i == len(lines):
            raise SystemExit(f"{path}:{start}: unterminated code block")
        blocks.append(Block(info, body, start, pending_mark))
        pending_mark = None
        i += 1
    return blocks


def open_quote(text):
    """Whether text ends inside a quoted string."""
    lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        list(lexer)
    except ValueError:
        return True
    return False


def split_commands(block, path):
    """The commands of a ```sh block."""
    commands = []
    lines = block.lines
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip() or line.lstrip().startswith("#"):
            i += 1
            continue
        first = block.start + 1 + i
        parts = [line]
        # continuation lines: a trailing backslash, or a quote still open
        while i + 1 < len(lines) and (parts[-1].endswith("\\") or open_quote("\n".join(parts))):
            i += 1
            parts.append(lines[i])
        # here-documents: their bodies run up to the terminator line
        for m in HEREDOC.finditer("\n".join(parts)):
            word = m.group(2)
            while True:
                i += 1
                if i >= len(lines):
                    raise SystemExit(f"{path}:{first}: here-document {word} has no end")
                parts.append(lines[i])
                if lines[i].strip() == word:
                    break
        expected = 0
        for p in parts:
            m = EXIT_MARK.search(p)
            if m:
                expected = int(m.group(1))
        commands.append(Command("\n".join(parts), first, expected))
        i += 1
    return commands


def plan(path):
    """Commands to run, each with its expected output, and file listings to check."""
    blocks = parse_blocks(path)
    commands, files = [], []
    last_sh = None
    for b in blocks:
        if b.file_mark:
            files.append(b)
            last_sh = None
        elif b.lang == "sh":
            cmds = split_commands(b, path)
            commands.extend(cmds)
            last_sh = cmds[-1] if cmds else None
            for c in cmds:
                c.group = cmds
        elif b.lang in ("", "text"):
            if last_sh is None:
                raise SystemExit(f"{path}:{b.start}: an output block must follow a ```sh block")
            if last_sh.output is not None:
                raise SystemExit(f"{path}:{b.start}: a second output block for one command")
            last_sh.output = b
            last_sh = None
        else:
            last_sh = None
    return commands, files


def check_output(cmd, path):
    """Problems found comparing cmd's output with its expected block."""
    if cmd.output is None:
        return []
    printed = "".join(c.stdout + c.stderr for c in cmd.group)
    actual = [l.rstrip() for l in printed.split("\n")]
    pos = 0
    for k, want in enumerate(cmd.output.lines):
        want = want.rstrip()
        if want.strip() == "...":
            continue
        pattern = re.compile(".*".join(re.escape(part) for part in want.split("...")))
        while pos < len(actual):
            got = actual[pos]
            pos += 1
            if pattern.fullmatch(got):
                break
        else:
            return [f"{path}:{cmd.output.start + 1 + k}: this line of the shown output is not "
                    f"printed (in this order) by the commands of line {cmd.group[0].line}:"
                    f"\n    {want}"]
    return []


def snapshot(root):
    """Files at the top level of the repository and under docs/tutorials."""
    seen = set(os.listdir(root))
    tut = os.path.join(root, "docs", "tutorials")
    for d, _, names in os.walk(tut):
        for n in names:
            seen.add(os.path.relpath(os.path.join(d, n), root))
    return seen


def run_tutorial(path, root, program, tmp, verbose):
    commands, files = plan(path)
    problems = []
    for b in files:
        target = os.path.join(root, b.file_mark)
        try:
            with open(target, encoding="utf-8") as f:
                text = f.read()
        except OSError as e:
            problems.append(f"{path}:{b.start}: cannot read {b.file_mark}: {e.strerror}")
            continue
        if text.rstrip("\n").split("\n") != b.lines:
            problems.append(f"{path}:{b.start}: the block differs from the file {b.file_mark}")
    if not commands:
        return problems + [f"{path}: no ```sh command found"]

    work = tempfile.mkdtemp(prefix="run-", dir=tmp)
    # each command's status is restored before the next one runs, so that a command
    # such as `echo $?` sees it, as in an interactive shell
    script = ["cd " + shq(root), "__rc=0"]
    for n, c in enumerate(commands):
        text = PROGRAM.sub(lambda m: shq(program), c.text)
        out = shq(os.path.join(work, f"{n}"))
        script.append("__t=$EPOCHREALTIME; (exit $__rc)")
        script.append("{ " + text + "\n} >" + out + ".out 2>" + out + ".err </dev/null")
        script.append("__rc=$?; echo $__rc $__t $EPOCHREALTIME >" + out + ".rc")
    env = dict(os.environ, TMPDIR=tmp, HAPGSIM=program, LC_ALL="C.UTF-8")
    env.pop("OUT", None)
    with open(os.path.join(work, "script.sh"), "w", encoding="utf-8") as f:
        f.write("\n".join(script) + "\n")
    t0 = time.monotonic()
    try:
        subprocess.run(["bash", os.path.join(work, "script.sh")], env=env, timeout=600,
                       stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        problems.append(f"{path}: the commands did not finish within 600 s")
    elapsed = time.monotonic() - t0

    for n, c in enumerate(commands):
        base = os.path.join(work, f"{n}")
        try:
            with open(base + ".rc") as f:
                rc, t0, t1 = f.read().split()
            c.rc = int(rc)
            c.seconds = float(t1) - float(t0)
            with open(base + ".out", encoding="utf-8", errors="replace") as f:
                c.stdout = f.read()
            with open(base + ".err", encoding="utf-8", errors="replace") as f:
                c.stderr = f.read()
        except (OSError, ValueError):
            problems.append(f"{path}:{c.line}: the command did not run")
            continue
        if verbose:
            print(f"--- {os.path.basename(path)}:{c.line} (exit {c.rc}, {c.seconds:.2f} s)\n"
                  f"$ {c.text}")
            sys.stdout.write(c.stdout + c.stderr)
        if c.rc != c.expected_rc:
            tail = (c.stdout + c.stderr).strip().split("\n")[-10:]
            problems.append(f"{path}:{c.line}: exit status {c.rc}, the tutorial says "
                            f"{c.expected_rc}:\n    {c.text}\n  " + "\n  ".join(tail))
    for c in commands:
        problems += check_output(c, path)
    print(f"{os.path.basename(path)}: {len(commands)} commands, {len(files)} files "
          f"checked, {elapsed:.1f} s")
    return problems


def shq(s):
    return "'" + s.replace("'", "'\\''") + "'"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=os.path.normpath(os.path.join(here, "..", "..")),
                    help="the repository root (default: two levels above this script)")
    ap.add_argument("--hapgsim", help="the program to test (default: ROOT/build/hapgsim)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="print every command and what it printed")
    ap.add_argument("tutorials", nargs="*", help=f"which tutorials (default: {' '.join(TUTORIALS)})")
    args = ap.parse_args()

    root = os.path.abspath(args.root)
    program = os.path.abspath(args.hapgsim or os.path.join(root, "build", "hapgsim"))
    if not os.access(program, os.X_OK):
        print(f"run_tutorials: {program} is not an executable program", file=sys.stderr)
        return 2
    names = args.tutorials or TUTORIALS
    paths = [os.path.join(root, "docs", "tutorials", os.path.basename(n)) for n in names]

    tmp = tempfile.mkdtemp(prefix="hapgsim-tutorials-")
    before = snapshot(root)
    problems = []
    t0 = time.monotonic()
    try:
        for p in paths:
            problems += run_tutorial(p, root, program, tmp, args.verbose)
    finally:
        if args.keep:
            print(f"run_tutorials: outputs kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    for new in sorted(snapshot(root) - before):
        problems.append(f"the tutorials wrote into the repository: {new}")
    for p in problems:
        print(p, file=sys.stderr)
    print(f"run_tutorials: {len(paths)} tutorials, {len(problems)} problems, "
          f"{time.monotonic() - t0:.1f} s")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
