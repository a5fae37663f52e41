#!/usr/bin/env python3
"""tests/report/check.py - `hapgsim report` and --report, seen in a real browser.

Makes a run, a second run, a sweep and a comparison of a small study, writes their
reports (and a timeline), then opens each page in headless Chromium (browser.py) and
checks: the page loads with no console error; every chart is drawn, each with as
many marks as it has data rows (counted in the SVG) and as many as this script
expects from the results; the tables have their rows; the screenshot is not blank.
Also: the summary CSV, byte-identical pages for the same inputs, and bad input
(exit 2, a clear message, no page written, nothing replaced).

    check.py HAPGSIM SCENARIO WORKDIR [--shots DIR]

Exits 77 (skipped) when Chromium is not installed.  --shots DIR also saves a full-page
screenshot of each kind (for docs/report.md).
"""
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser  # noqa: E402
import png      # noqa: E402

FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what, flush=True)


def hapgsim(*args, expect=(0,)):
    r = subprocess.run([HAPGSIM, *args], capture_output=True, text=True, timeout=120, cwd=WORK)
    check(r.returncode in expect, f"hapgsim {' '.join(args)}: exit {r.returncode}, stderr: {r.stderr.strip()}")
    return r


def bad(args, out, words):
    """hapgsim with bad input: exit 2, the message names the problem, `out` untouched."""
    out = os.path.join(WORK, out)
    with open(out, "w") as f:
        f.write("keep me\n")
    r = hapgsim(*args, "-o", os.path.basename(out), expect=(2,))
    for w in words:
        check(w in r.stderr, f"hapgsim {' '.join(args)}: message {r.stderr.strip()!r} lacks {w!r}")
    with open(out) as f:
        check(f.read() == "keep me\n", f"hapgsim {' '.join(args)}: replaced {out}")
    leftovers = [n for n in os.listdir(WORK) if "hapgsim-tmp" in n]
    check(not leftovers, f"temporary files left: {leftovers}")


def agg_mean(a):
    return a is not None and a.get("mean") is not None


def expected_marks(result, timeline=False):
    """What this script expects each chart to draw, from the results themselves."""
    want = {}
    if "comparisons" in result:
        want["forest"] = {"hgdata": sum(1 for c in result["comparisons"]
                                        if c["difference"] is not None and c["base"] not in (None, 0)
                                        and not c["metric"].startswith("engine."))}
    elif "points" in result:
        metrics = ["availability.time", "outage.count", "recovery.time_to_rejoin_s", "latency.p99_ms"]
        want["sweep"] = {"hgdata": sum(1 for m in metrics for _ in result["axes"] for p in result["points"]
                                       if agg_mean(p["metrics"].get(m)))}
    else:
        want["uptime"] = {"hgdata": sum(1 for m, a in result["metrics"].items()
                                        if m.startswith("member.") and agg_mean(a))}
        want["latency"] = {"hgdata": 1}
        if any(r["metrics"].get("outage.count") for r in result["per_replication"]):
            want["outages"] = None      # binned: as many bars as non-empty bins (data-marks)
    if timeline:
        want["timeline"] = None         # spans and markers: as the trace has them (data-marks)
    return want


def expected_all(run, sweep, cmp):
    """The page of run.json, run2.json, compare.json and sweep.json: every section."""
    want = {}
    for r in (sweep, cmp):
        want.update(expected_marks(r))
    want["in1-latency"] = {"hgdata": 1}          # each run's, and both in one
    want["in2-latency"] = {"hgdata": 1}
    want["latency-runs"] = {"hgdata": 2}
    return want


COUNT_JS = """JSON.stringify({
  charts: Array.from(document.querySelectorAll('div.chart')).map(function (el) {
    var want = JSON.parse(el.getAttribute('data-marks')), got = {};
    Object.keys(want).forEach(function (k) {
      got[k] = el.querySelectorAll('svg g.' + k + '_marks > *').length;
    });
    return {id: el.id, kind: el.getAttribute('data-kind'), rendered: el.getAttribute('data-rendered'),
            svg: el.querySelectorAll('svg').length, want: want, got: got};
  }),
  metricRows: Array.from(document.querySelectorAll('table.metrics tr')).length,
  compareRows: Array.from(document.querySelectorAll('table.compare tr')).length,
  sweepRows: Array.from(document.querySelectorAll('table.sweep tr')).length,
  verdicts: Array.from(document.querySelectorAll('td.verdict.pass, td.verdict.fail, td.verdict.inconclusive')).length
})"""


def look(b, html, result, shots, kind, timeline=False):
    html = os.path.join(WORK, html)
    url = "file://" + html
    s = b.open(url, 1100, 900)
    state = b.wait_for(s, "document.body && document.body.getAttribute('data-charts')", 30)
    check(state == "drawn", f"{html}: charts {state or 'not drawn within 30 s'}")
    page = json.loads(b.evaluate(s, COUNT_JS))
    errors = b.errors()
    check(not errors, f"{html}: console errors: {errors}")
    by_kind = {c["kind"]: c for c in page["charts"]}
    by_kind.update({c["id"]: c for c in page["charts"]})
    want = expected_all(*result) if kind == "all" else expected_marks(result, timeline)
    for k, marks in want.items():
        c = by_kind.get(k)
        check(c is not None, f"{html}: no {k} chart")
        if c is None:
            continue
        check(c["rendered"] == "true" and c["svg"] == 1, f"{html}: {k} chart not rendered as SVG")
        check(c["got"] == c["want"], f"{html}: {k} chart draws {c['got']} marks, its data {c['want']}")
        if marks is not None:
            check(c["want"].get("hgdata") == marks["hgdata"],
                  f"{html}: {k} chart has {c['want']} marks, the results {marks}")
        check(all(v > 0 for v in c["got"].values()), f"{html}: {k} chart draws nothing: {c['got']}")
    tables = 1
    if kind == "all":
        sections = b.evaluate(s, "document.querySelectorAll('section.input').length")
        check(sections == 4, f"{html}: {sections} input sections, want 4")
        result, tables = result[0], 2          # two runs of the same metrics
    if "metrics" in result:
        n = tables * (sum(1 for a in result["metrics"].values() if a is not None) + 1) - 1
        check(page["metricRows"] == n + 1, f"{html}: metrics table has {page['metricRows']} rows, want {n + 1}")
        check(page["verdicts"] >= 2 * len(result["expect"]), f"{html}: expect: verdicts not coloured")
    if "points" in result:
        n = len(result["points"])
        check(page["sweepRows"] == n + 1, f"{html}: sweep table has {page['sweepRows']} rows, want {n + 1}")
    if "comparisons" in result:
        n = len(result["comparisons"])
        check(page["compareRows"] == n + 1, f"{html}: compare table has {page['compareRows']} rows, want {n + 1}")
    shot = html[:-5] + ".png"
    b.screenshot(s, shot, scale=0.5)
    frac = png.non_background(shot)
    check(frac > 0.02, f"{shot}: blank screenshot ({frac:.4f} of the pixels differ from the background)")
    if shots:
        b.screenshot(s, os.path.join(shots, f"report-{kind}.png"), full=True, scale=0.6)
    print(f"ok {html}: {[(c['kind'], c['got']) for c in page['charts']]}, {frac:.3f} non-background",
          flush=True)


def main():
    global HAPGSIM, WORK
    args = sys.argv[1:]
    shots = None
    if "--shots" in args:
        i = args.index("--shots")
        shots = args[i + 1]
        del args[i:i + 2]
    HAPGSIM, scenario, work = [os.path.abspath(a) for a in args]
    WORK = work
    exe = browser.find()
    if exe is None:
        print("SKIP: chromium is not installed (scripts/install-deps.sh installs it)")
        return 77
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    w = lambda name: name  # noqa: E731  (the commands run in `work`, for short names on the pages)

    # the results, each also with --report
    hapgsim("run", scenario, "-r", "3", "-q", "-j", "2", "-o", w("run.json"), "--report", w("run-direct.html"),
            expect=(0, 1))
    hapgsim("run", scenario, "-r", "3", "-q", "-j", "2", "--set", "workload.rate=8", "-o", w("run2.json"),
            expect=(0, 1))
    hapgsim("sweep", scenario, "--sweep", "clients.auto_recovery.interval=60s,300s", "--sweep", "workload.rate=5,10",
            "-r", "2", "-q",
            "-j", "2", "-o", w("sweep.json"), "--report", w("sweep-direct.html"))
    hapgsim("compare", w("run.json"), w("run2.json"), "-o", w("compare.json"), "--report",
            w("compare-direct.html"), expect=(0, 1))
    hapgsim("report", w("run.json"), "-o", w("run.html"), "--csv", w("run.csv"))
    hapgsim("report", w("sweep.json"), "-o", w("sweep.html"), "--csv", w("sweep.csv"))
    hapgsim("report", w("compare.json"), "-o", w("compare.html"))
    # a study and its variant (--set) side by side, with their comparison and a sweep
    hapgsim("report", w("run.json"), w("run2.json"), w("compare.json"), w("sweep.json"), "-o", w("all.html"))
    hapgsim("report", w("run.json"), "--timeline", "1", "-o", w("timeline.html"))
    hapgsim("trace", scenario, "--replication", "1", "-o", w("trace.jsonl"))
    hapgsim("report", w("run.json"), "--timeline", "1", "--trace", w("trace.jsonl"), "-o", w("timeline2.html"))

    # determinism: same inputs, same bytes; --report and report agree on the charts
    hapgsim("report", w("run.json"), "--timeline", "1", "-o", w("timeline-again.html"))
    os.chdir(work)
    with open(w("timeline.html"), "rb") as a, open(w("timeline-again.html"), "rb") as b2:
        check(a.read() == b2.read(), "the same inputs gave different pages")
    with open(w("timeline.html"), "rb") as a, open(w("timeline2.html"), "rb") as b2:
        check(a.read() == b2.read(), "--trace FILE and a re-run replication gave different timelines")

    # the summary CSV: numbers in the numeric columns, axis values in their own
    with open(w("sweep.csv")) as f:
        rows = list(csv.DictReader(f))
    check(rows and list(rows[0].keys()) == ["file", "point", "clients.auto_recovery.interval", "workload.rate",
                                            "metric", "mean", "stddev", "lower", "upper", "n"],
          f"sweep.csv header: {rows[:1]}")
    for r in rows:
        for col in ("mean", "stddev", "lower", "upper", "n"):
            if r[col] != "":
                try:
                    float(r[col])
                except ValueError:
                    check(False, f"sweep.csv: {col} holds {r[col]!r}")
    check({r["clients.auto_recovery.interval"] for r in rows} == {"1m", "5m"} and
          {r["workload.rate"] for r in rows} == {"5", "10"},
          f"sweep.csv axis values: {sorted({r['clients.auto_recovery.interval'] for r in rows})}")
    with open(w("run.json")) as f:
        run = json.load(f)
    with open(w("run.csv")) as f:
        rows = list(csv.DictReader(f))
    check(len(rows) == len(run["metrics"]), f"run.csv has {len(rows)} rows, the run {len(run['metrics'])} metrics")

    # bad input: exit 2, clear message, no page
    old = dict(run)
    del old["latency_histogram"]
    with open(w("old.json"), "w") as f:
        json.dump(old, f)
    hapgsim("run", scenario, "-r", "2", "-q", "--set", "name=other", "-o", w("other.json"), expect=(0, 1))
    out = w("bad.html")
    bad(["report", w("old.json")], out, ["old.json", "older hapgsim"])
    bad(["report", w("run.json"), w("other.json")], out, ["other.json", "one report covers one scenario"])
    bad(["report", w("sweep.json"), w("other.json")], out, ["other.json", "one report covers one scenario"])
    bad(["report", w("run.json"), "--timeline", "9"], out, ["--timeline 9", "no replication 9"])
    bad(["report", w("run.json"), "--timeline", "1", "--trace", w("missing.jsonl")], out, ["missing.jsonl"])
    bad(["report", w("sweep.json"), "--timeline", "0"], out, ["needs the result of a run"])
    bad(["report", w("trace.jsonl")], out, ["trace.jsonl", "not a hapgsim result"])
    bad(["compare", w("sweep.json"), w("run.json"), "--report", out], w("bad-table.txt"),
        ["sweep.json", "sweep's result"])
    with open(os.path.join(work, out)) as f:
        check(f.read() == "keep me\n", "compare with a sweep replaced the --report page")

    # in the browser
    profile = tempfile.mkdtemp(prefix="hapgsim-chromium-")
    b = browser.Browser(exe, profile)
    try:
        with open(w("sweep.json")) as f:
            sweep = json.load(f)
        with open(w("compare.json")) as f:
            cmp = json.load(f)
        look(b, w("run.html"), run, shots, "run")
        look(b, w("run-direct.html"), run, None, "run")
        look(b, w("sweep.html"), sweep, shots, "sweep")
        look(b, w("sweep-direct.html"), sweep, None, "sweep")
        look(b, w("compare.html"), cmp, shots, "compare")
        look(b, w("compare-direct.html"), cmp, None, "compare")
        look(b, w("timeline.html"), run, shots, "timeline", timeline=True)
        look(b, w("all.html"), (run, sweep, cmp), None, "all")
    finally:
        b.close()
        shutil.rmtree(profile, ignore_errors=True)
    if FAILURES:
        print(f"{len(FAILURES)} failure(s)")
        return 1
    print("all report checks passed")
    return 0


if __name__ == "__main__":
    t0 = time.time()
    status = main()
    print(f"({time.time() - t0:.1f} s)")
    sys.exit(status)
