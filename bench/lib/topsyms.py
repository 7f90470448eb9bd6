#!/usr/bin/python3
"""bench/lib/topsyms.py — top symbols of an OSD profile, per op.

  topsyms.py --tool perf|callgrind --load LOAD.json [--top K] [--event E]
             [--side S] [--binary PATH] REPORT

REPORT is `perf report --stdio --no-children --sort dso,symbol` output or
`callgrind_annotate --inclusive=no` output; LOAD.json is the measure.py
record of the workload that ran while the profile was taken (ops, OSD CPU).
Prints the top K symbols with their share and what that share costs per op:
µs of OSD CPU per op (perf) or instructions per op (callgrind).
Standard library only.
"""

import argparse
import json
import re
import sys

PERF_RE = re.compile(r"^\s*([0-9.]+)%\s+(\S+)\s+\[(.)\]\s+(.*?)\s*$")
CG_RE = re.compile(r"^\s*([0-9,]+)\s+\(\s*([0-9.]+)%\)\s+(.*?)\s*$")


def parse_perf(text):
    rows = []
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        m = PERF_RE.match(line)
        if m:
            where = "kernel" if m.group(3) == "k" else m.group(2)
            # perf pads unknown extra sort keys with "-" columns.
            sym = re.sub(r"(\s+-)+$", "", m.group(4))
            rows.append((float(m.group(1)), sym, where))
    return rows, None


def parse_callgrind(text):
    rows, total = [], None
    for line in text.splitlines():
        m = CG_RE.match(line)
        if not m:
            continue
        ir = int(m.group(1).replace(",", ""))
        what = m.group(3)
        if what.startswith("PROGRAM TOTALS"):
            total = ir
            continue
        # "file:function [object]"
        obj = ""
        mo = re.match(r"^(.*?)\s+\[(.*)\]$", what)
        if mo:
            what, obj = mo.group(1), mo.group(2).rsplit("/", 1)[-1]
        fn = what.split(":", 1)[1] if ":" in what else what
        rows.append((float(m.group(2)), fn, obj, ir))
    return rows, total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", choices=("perf", "callgrind"), required=True)
    ap.add_argument("--load", required=True)
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--event", default="")
    ap.add_argument("--side", default="")
    ap.add_argument("--binary", default="")
    ap.add_argument("report")
    a = ap.parse_args()
    with open(a.load) as f:
        load = json.load(f)
    with open(a.report, errors="replace") as f:
        text = f.read()
    ops = load.get("ops") or 0
    out = []
    out.append("profile of one %s OSD (%s) with %s%s" % (
        a.side or "?", a.binary or "?", a.tool,
        " (%s)" % a.event if a.event else ""))
    out.append("workload: %s — %s ops in %.1f s = %.0f IOPS, avg latency %.3f ms" % (
        load.get("label"), ops, load.get("runtime_s") or 0, load.get("iops") or 0,
        load.get("lat_avg_ms") or 0))
    cpu = load.get("osd_cpu_us_per_op")
    if cpu is not None:
        out.append("OSD CPU: %.1f µs per op (utime+stime over the run / ops)" % cpu)
    out.append("")
    if a.tool == "perf":
        rows, _ = parse_perf(text)
        if not rows:
            out.append("no samples in the perf report")
        else:
            out.append("%7s  %9s  %-24s  %s" % ("share", "µs/op", "object", "symbol"))
            for pct, sym, obj in rows[:a.top]:
                per = "%.2f" % (cpu * pct / 100) if cpu is not None else "?"
                out.append("%6.2f%%  %9s  %-24.24s  %s" % (pct, per, obj, sym))
            out.append("")
            out.append("(µs/op = share × OSD CPU per op; samples of the OSD process only)")
    else:
        rows, total = parse_callgrind(text)
        if not rows or not total:
            out.append("no data in the callgrind report")
        else:
            out.append("instructions: %d in total, %.0f per op" % (
                total, total / ops if ops else 0))
            out.append("%7s  %10s  %-24s  %s" % ("share", "Ir/op", "object", "function"))
            for pct, fn, obj, ir in rows[:a.top]:
                per = "%.0f" % (ir / ops) if ops else "?"
                out.append("%6.2f%%  %10s  %-24.24s  %s" % (pct, per, obj, fn))
            out.append("")
            out.append("(callgrind counts instructions, not time; collection was on "
                       "only while the workload ran)")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
