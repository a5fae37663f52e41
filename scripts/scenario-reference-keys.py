#!/usr/bin/python3
"""The key tables of docs/scenario-reference.md against the language's schema.

Each table of keys sits between `<!-- keys:NAME -->` and `<!-- /keys -->` lines, as
`hapgsim help --keys --markdown` prints it from scenarios/schema.c.  With --check, exit
1 (and show the difference) when the file's tables and the schema's disagree;
otherwise rewrite the file's tables from the schema.

usage: scenario-reference-keys.py [--check] HAPGSIM DOC
"""

import difflib
import re
import subprocess
import sys

BLOCK = re.compile(r"^<!-- keys:([a-z]+) -->\n.*?^<!-- /keys -->\n", re.M | re.S)


def blocks(text):
    return {m.group(1): m.group(0) for m in BLOCK.finditer(text)}


def main():
    args = sys.argv[1:]
    check = args[:1] == ["--check"]
    if check:
        args = args[1:]
    if len(args) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    hapgsim, doc = args
    schema = blocks(subprocess.run([hapgsim, "help", "--keys", "--markdown"], check=True,
                                   capture_output=True, text=True).stdout)
    with open(doc, encoding="utf-8") as f:
        text = f.read()
    found = blocks(text)
    if check:
        bad = 0
        for name in sorted(set(schema) | set(found)):
            if name not in found:
                print(f"{doc}: no table `<!-- keys:{name} -->` (the schema has one)")
                bad += 1
            elif name not in schema:
                print(f"{doc}: table `{name}` is not in the schema")
                bad += 1
            elif found[name] != schema[name]:
                print(f"{doc}: table `{name}` differs from the schema (- doc, + schema):")
                sys.stdout.writelines(difflib.unified_diff(
                    found[name].splitlines(True), schema[name].splitlines(True)))
                bad += 1
        if bad:
            print("run `make docs-keys` to rewrite the tables from the schema")
            return 1
        print(f"{len(schema)} key tables agree with the schema")
        return 0
    text = BLOCK.sub(lambda m: schema.get(m.group(1), m.group(0)), text)
    with open(doc, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
