#!/usr/bin/python3
"""The man page hapgsim.1 against the program: every command it has, and every option
of each (in that command's section), as `hapgsim help --commands` and
`hapgsim help --options COMMAND` list them from the option tables the commands parse;
-V/--version and -h/--help; the exit statuses and the sections a man page owes.  Then,
if man or groff is installed, the page must render without a warning.

usage: check_man.py HAPGSIM MANPAGE
Exits 77 (skipped) when the page was not built (no help2man); prints
'N passed, N failed' and exits 1 if any check failed.
"""

import os
import re
import shutil
import subprocess
import sys


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def plain(roff):
    """The page's text with font changes and escapes taken out: \\-r -> -r."""
    text = re.sub(r"\\f(\[[^]]*\]|\(..|.)", "", roff)
    text = text.replace("\\-", "-").replace("\\/", "").replace("\\,", "").replace("\\&", "")
    return text


def main():
    hapgsim, page = sys.argv[1], sys.argv[2]
    if not os.path.exists(page):
        print(f"SKIP: {page} was not built (help2man missing)")
        return 77
    with open(page, encoding="utf-8") as f:
        roff = f.read()
    passed, failed = 0, 0

    def check(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"FAIL: {what}")

    # the sections: .SS "hapgsim COMMAND ..." opens each command's options
    sections = {}
    current = None
    for line in roff.splitlines():
        m = re.match(r'\.S[SH] "?hapgsim (\S+)', line)
        if m:
            current = m.group(1)
            sections[current] = []
        elif line.startswith((".SS", ".SH")):
            current = None
        elif current:
            sections[current].append(line)
    text = plain(roff)

    commands = run(hapgsim, "help", "--commands").split()
    check(len(commands) >= 7, f"hapgsim help --commands lists {commands}")
    for command in commands:
        check(re.search(rf"^{re.escape(command)}$", text, re.M) is not None,
              f"command {command} is not in the list of commands")
        check(command in sections, f"command {command} has no section of its own")
        body = plain("\n".join(sections.get(command, [])))
        for line in run(hapgsim, "help", "--options", command).splitlines():
            option = line.split()[0]
            check(re.search(rf"(^|[\s,]){re.escape(option)}([=,\s]|$)", body, re.M) is not None,
                  f"{command}: option {option} is not in its section")
    for option in ("-V", "--version", "-h", "--help"):
        check(re.search(rf"(^|[\s,]){option}([=,\s]|$)", text, re.M) is not None,
              f"option {option} is missing")
    for heading in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "ENVIRONMENT", "FILES",
                    "EXAMPLES", '"SEE ALSO"'):
        check(f".SH {heading}\n" in roff, f"section {heading} is missing")
    check(".SS \"Exit status:\"" in roff, "the exit statuses are missing")
    for status in ("0", "1", "2", "130"):
        check(re.search(rf"^\s*{status}\s+\S", text, re.M) is not None,
              f"exit status {status} is not described")
    version = run(hapgsim, "--version").split()[-1]
    check(f'"hapgsim {version}"' in roff, f"the page is not of version {version}")

    env = dict(os.environ, LC_ALL="C.UTF-8", MANWIDTH="80")
    if shutil.which("man"):
        r = subprocess.run(["man", "--warnings", "-l", page], capture_output=True, text=True,
                           env=env)
        check(r.returncode == 0 and not r.stderr.strip(), f"man -l warns: {r.stderr.strip()}")
    elif shutil.which("groff"):
        r = subprocess.run(["groff", "-man", "-ww", "-z", "-Tutf8", page], capture_output=True,
                           text=True, env=env)
        check(r.returncode == 0 and not r.stderr.strip(), f"groff warns: {r.stderr.strip()}")
    else:
        print("note: neither man nor groff is installed: rendering not checked")

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
