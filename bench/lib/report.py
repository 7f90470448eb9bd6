#!/usr/bin/python3
"""bench/lib/report.py — turn a bench/compare output dir into the report.

  report.py --dir OUT [--quick 0|1] [--elapsed S]

Reads OUT/{classic,farm}/{meta.tsv,boot.json,idle.json,idle-after.json,
workloads.jsonl} (written by bench/compare and bench/lib/measure.py) and
writes OUT/results.json, OUT/results.md (also printed), and OUT/chart.png
(IOPS and OSD CPU per op side by side; through gnuplot when installed, with
its data and script beside it). Standard library only.

Every ratio is osdfarm / classic. A side whose status is not "ok" shows
"n/a" in its cells, never a number; a workload that failed shows "err".
"""

import argparse
import json
import os
import shutil
import subprocess
import sys

SIDES = ("classic", "farm")
NAMES = {"classic": "classic", "farm": "osdfarm"}

# The targets, checked here (never by the test suite).
TARGET_CPU_US = 5.0         # OSD CPU per 4 KiB read at 16 in flight
TARGET_READ_X = 3.0         # 4 KiB read IOPS vs classic
TARGET_WRITE_X = 5.0        # 4 KiB write IOPS vs classic
TARGET_THREADS = 1          # per OSD process
TARGET_IDLE_RSS_MIB = 8.0   # per OSD process


def load_json(path, default=None):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return default


def load_side(d, side):
    base = os.path.join(d, side)
    meta = {}
    notes = []
    try:
        with open(os.path.join(base, "meta.tsv")) as f:
            for line in f:
                k, _, v = line.rstrip("\n").partition("\t")
                if k == "note":
                    notes.append(v)
                else:
                    meta[k] = v
    except OSError:
        pass
    wls = []
    try:
        with open(os.path.join(base, "workloads.jsonl")) as f:
            for line in f:
                line = line.strip()
                if line:
                    try:
                        wls.append(json.loads(line))
                    except ValueError:
                        pass
    except OSError:
        pass
    status = meta.get("status", "n/a (did not finish)")
    return {
        "name": NAMES[side],
        "status": status,
        "ok": status == "ok",
        "meta": meta,
        "notes": notes,
        "boot": load_json(os.path.join(base, "boot.json")),
        "idle": load_json(os.path.join(base, "idle.json")),
        "idle_after": load_json(os.path.join(base, "idle-after.json")),
        "workloads": wls,
    }


def fmt(v):
    if v is None:
        return "–"
    if isinstance(v, str):
        return v
    if isinstance(v, int) or (isinstance(v, float) and v.is_integer() and abs(v) < 1e6):
        return "%d" % v
    a = abs(v)
    if a >= 100:
        return "%.0f" % v
    if a >= 10:
        return "%.1f" % v
    if a >= 1:
        return "%.2f" % v
    return "%.3f" % v


def ratio(f, c):
    if isinstance(f, (int, float)) and isinstance(c, (int, float)) and c:
        return f / c
    return None


def fmt_ratio(r, why=None):
    if r is None:
        return why or "–"
    return "%.2f×" % r


class Cell:
    """A figure of one side for one workload, or why there is none."""

    def __init__(self, side, rec, key):
        self.value = None
        self.text = None
        if not side["ok"] and not rec:
            self.text = "n/a"
        elif rec is None:
            self.text = "–"
        elif rec.get("error"):
            self.text = "err"
        else:
            self.value = rec.get(key)

    def __str__(self):
        return self.text if self.text is not None else fmt(self.value)


def workload_order(sides):
    order = []
    for s in SIDES:
        for w in sides[s]["workloads"]:
            if w["label"] not in order:
                order.append(w["label"])
    return order


def by_label(side):
    return {w["label"]: w for w in side["workloads"]}


def table(head, rows):
    out = ["| " + " | ".join(head) + " |",
           "|" + "|".join("---" if i == 0 else "---:" for i in range(len(head))) + "|"]
    for r in rows:
        out.append("| " + " | ".join(str(c) for c in r) + " |")
    return out


def triple(sides, recs, label, key):
    c = Cell(sides["classic"], recs["classic"].get(label), key)
    f = Cell(sides["farm"], recs["farm"].get(label), key)
    r = ratio(f.value, c.value)
    why = "n/a" if (c.text == "n/a" or f.text == "n/a") else None
    return [c, f, fmt_ratio(r, why)], (c.value, f.value, r)


def run_auth(sides):
    """The auth and client mode of the run, from the sides that started a lab.

    Both sides use the same bench/compare options, so one value each; should
    they ever differ, both are given ("classic: …; osdfarm: …")."""
    out = {}
    for key in ("auth", "client_mode"):
        vals = [(sides[s]["name"], sides[s]["meta"][key]) for s in SIDES
                if sides[s]["meta"].get(key)]
        if not vals:
            out[key] = None
        elif len(set(v for _, v in vals)) == 1:
            out[key] = vals[0][1]
        else:
            out[key] = "; ".join("%s: %s" % nv for nv in vals)
    return out


def cluster_rows(sides):
    def g(side, *path):
        v = sides[side]
        for p in path:
            if not isinstance(v, dict):
                return None
            v = v.get(p)
        return v

    figs = [
        ("start → all OSDs up (s, max per OSD)", ("boot", "max_s")),
        ("first OSD start → last OSD up (s)", ("boot", "span_s")),
        ("idle RSS per OSD, avg (MiB)", ("idle", "rss_avg_mib")),
        ("idle RSS per OSD, max (MiB)", ("idle", "rss_max_mib")),
        ("RSS per OSD after the run, avg (MiB)", ("idle_after", "rss_avg_mib")),
        ("threads per OSD process (max)", ("idle", "threads_max")),
    ]
    rows, data = [], {}
    for name, path in figs:
        c, f = g("classic", *path), g("farm", *path)
        # Cluster figures exist even when the farm serves no I/O (it booted).
        ct = fmt(c) if c is not None else ("n/a" if not sides["classic"]["ok"] else "–")
        ft = fmt(f) if f is not None else ("n/a" if not sides["farm"]["ok"] else "–")
        rows.append([name, ct, ft, fmt_ratio(ratio(f, c))])
        data[name] = {"classic": c, "osdfarm": f, "ratio": ratio(f, c)}
    return rows, data


def check_targets(sides, recs):
    farm = sides["farm"]
    out = []

    def rec(label):
        w = recs["farm"].get(label)
        return w if w and not w.get("error") and farm["ok"] else None

    def verdict(ok, value, unknown):
        if ok is None:
            return {"met": None, "value": value, "text": "unknown: " + unknown}
        return {"met": ok, "value": value, "text": ("MET" if ok else "NOT MET")}

    why = farm["status"] if not farm["ok"] else "workload missing or failed"
    r = rec("rand 4K t16")
    v = r.get("osd_cpu_us_per_op") if r else None
    out.append(("OSD CPU per 4 KiB read at 16 in flight ≤ %g µs (rand 4K t16)" % TARGET_CPU_US,
                verdict(None if v is None else v <= TARGET_CPU_US,
                        v, why)))
    for label, x, what in (("rand 4K t16", TARGET_READ_X, "4 KiB read IOPS"),
                           ("write 4K t16", TARGET_WRITE_X, "4 KiB write IOPS")):
        f = rec(label)
        c = recs["classic"].get(label)
        rr = ratio(f.get("iops") if f else None,
                   c.get("iops") if c and not c.get("error") else None)
        w = why if f is None else "classic figure missing"
        out.append(("%s ≥ %g× classic (%s)" % (what, x, label),
                    verdict(None if rr is None else rr >= x, rr, w)))
    # Threads and idle RSS come from the booted processes, I/O or not.
    idle = farm.get("idle") or {}
    th = [v for v in [idle.get("threads_max")] +
          [w.get("threads_per_osd") for w in farm["workloads"]] if v is not None]
    tmax = max(th) if th else None
    out.append(("one thread per OSD process",
                verdict(None if tmax is None else tmax <= TARGET_THREADS, tmax,
                        "farm OSDs did not run")))
    rss = idle.get("rss_max_mib")
    out.append(("idle RSS ≤ %g MiB per OSD process" % TARGET_IDLE_RSS_MIB,
                verdict(None if rss is None else rss <= TARGET_IDLE_RSS_MIB, rss,
                        "farm OSDs did not run")))
    return out


def chart(d, order, recs, sides, md_title):
    """gnuplot: IOPS (log scale) and OSD CPU µs/op, classic vs osdfarm."""
    dat = os.path.join(d, "chart.dat")
    gp = os.path.join(d, "chart.gp")
    png = os.path.join(d, "chart.png")

    def val(side, label, key):
        w = recs[side].get(label)
        if not sides[side]["ok"] or not w or w.get("error") or w.get(key) is None:
            return "?"
        return "%.6g" % w[key]

    with open(dat, "w") as f:
        f.write("# workload classic_iops osdfarm_iops classic_cpu_us osdfarm_cpu_us\n")
        for label in order:
            f.write('"%s" %s %s %s %s\n' % (
                label, val("classic", label, "iops"), val("farm", label, "iops"),
                val("classic", label, "osd_cpu_us_per_op"),
                val("farm", label, "osd_cpu_us_per_op")))
    farm_note = "" if sides["farm"]["ok"] else " (osdfarm: %s)" % sides["farm"]["status"]
    width = max(900, 60 * len(order) + 200)
    with open(gp, "w") as f:
        f.write("""# Written by bench/lib/report.py; run: gnuplot chart.gp
set terminal pngcairo size %d,900 font ",10" noenhanced
set output "%s"
set datafile missing "?"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set grid ytics
set key top right
set xtics rotate by -40 scale 0
set rmargin 10
set multiplot layout 2,1 title "%s%s"
set title "IOPS (log scale; higher is better)"
set logscale y
plot "%s" using 2:xtic(1) title "classic ceph-osd" lc rgb "#4575b4", \\
     "" using 3 title "osdfarm" lc rgb "#d73027"
set title "OSD CPU µs per op (log scale; sum over OSD processes; lower is better)"
plot "%s" using 4:xtic(1) title "classic ceph-osd" lc rgb "#4575b4", \\
     "" using 5 title "osdfarm" lc rgb "#d73027"
unset multiplot
""" % (width, png, md_title, farm_note, dat, dat))
    if not shutil.which("gnuplot"):
        return None, "gnuplot not installed (tools/install-deps): chart.gp and chart.dat written"
    if not order:
        return None, "no workloads: no chart"
    if os.path.exists(png):
        os.unlink(png)
    try:
        p = subprocess.run(["gnuplot", gp], cwd=d, capture_output=True, text=True,
                           timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, "gnuplot failed: %s" % e
    if p.returncode != 0 or not os.path.exists(png):
        return None, "gnuplot failed: %s" % p.stderr.strip()[-300:]
    return png, None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--quick", type=int, default=0)
    ap.add_argument("--elapsed", type=float)
    a = ap.parse_args()
    d = os.path.abspath(a.dir)

    sides = {s: load_side(d, s) for s in SIDES}
    recs = {s: by_label(sides[s]) for s in SIDES}
    order = workload_order(sides)
    cm = sides["classic"]["meta"]
    nosd = cm.get("nosd") or sides["farm"]["meta"].get("nosd") or "?"
    pg = cm.get("pg_num") or sides["farm"]["meta"].get("pg_num") or "?"
    rt = cm.get("runtime_s") or sides["farm"]["meta"].get("runtime_s") or "?"
    auth = run_auth(sides)
    # The chart is seen without the markdown: name cephx runs in the title.
    authx = ""
    if auth["auth"] and auth["auth"] != "none":
        authx = ", auth %s, client mode %s" % (auth["auth"], auth["client_mode"] or "?")
    title = "osdfarm vs classic ceph-osd: %s OSDs, pool size 1, %s PGs, %s s per workload%s%s" % (
        nosd, pg, rt, authx, " (--quick)" if a.quick else "")

    md = ["# " + title, ""]
    if cm.get("host"):
        md.append("- host: %s" % cm["host"])
    if auth["auth"] or auth["client_mode"]:
        md.append("- auth: %s, client mode: %s" % (auth["auth"] or "?",
                                                   auth["client_mode"] or "?"))
    for s in SIDES:
        side = sides[s]
        m = side["meta"]
        md.append("- %s: %s; %s; status: %s" % (
            side["name"], m.get("mode", "not started"), m.get("version", "?"), side["status"]))
        for n in side["notes"]:
            md.append("  - note: %s" % n)
    if a.elapsed is not None:
        md.append("- whole run: %.0f s" % a.elapsed)
    md.append("- ratio columns (×) are osdfarm / classic; “n/a”: that side has no figure "
              "(reason above), “err”: the workload failed, “–”: the tool gives no such figure")
    md.append("")

    md.append("## Cluster")
    md.append("")
    crow, cdata = cluster_rows(sides)
    md += table(["figure", "classic", "osdfarm", "×"], crow)
    for s in SIDES:
        bm = sides[s]["meta"].get("boot_method")
        if bm:
            md.append("")
            md.append("%s start → up: %s." % (sides[s]["name"], bm))
    md.append("")

    rows_json = []
    perf_rows, lat_rows, res_rows = [], [], []
    for label in order:
        row = {"workload": label}
        cells = {}
        for key in ("iops", "bw_mib_s", "lat_avg_ms", "lat_p50_ms", "lat_p99_ms",
                    "lat_p999_ms", "osd_cpu_us_per_op", "client_cpu_us_per_op",
                    "osd_rss_before_mib", "osd_rss_after_mib", "threads_per_osd"):
            cells[key], (c, f, r) = triple(sides, recs, label, key)
            row[key] = {"classic": c, "osdfarm": f, "ratio": r}
        rows_json.append(row)
        perf_rows.append([label] + cells["iops"] + cells["bw_mib_s"])
        lat_rows.append([label] + cells["lat_avg_ms"] + cells["lat_p50_ms"] +
                        cells["lat_p99_ms"] + cells["lat_p999_ms"])

        def rss(side):
            b = Cell(sides[side], recs[side].get(label), "osd_rss_before_mib")
            e = Cell(sides[side], recs[side].get(label), "osd_rss_after_mib")
            if b.value is None or e.value is None:
                return str(b)
            return "%s→%s" % (fmt(b.value), fmt(e.value))

        th = cells["threads_per_osd"]
        res_rows.append([label] + cells["osd_cpu_us_per_op"] + cells["client_cpu_us_per_op"] +
                        [rss("classic"), rss("farm"), th[0], th[1], th[2]])

    if order:
        md.append("## Throughput")
        md.append("")
        md += table(["workload", "IOPS classic", "IOPS osdfarm", "×",
                     "MiB/s classic", "MiB/s osdfarm", "×"], perf_rows)
        md.append("")
        md.append("## Latency (ms; percentiles from fio only — rados bench prints none)")
        md.append("")
        md += table(["workload", "avg classic", "avg osdfarm", "×",
                     "p50 classic", "p50 osdfarm", "×", "p99 classic", "p99 osdfarm", "×",
                     "p99.9 classic", "p99.9 osdfarm", "×"], lat_rows)
        md.append("")
        md.append("## CPU and memory (OSD CPU: utime+stime of every OSD process over the "
                  "run / ops; client: the benchmark process's own rusage / ops)")
        md.append("")
        md += table(["workload", "OSD µs/op classic", "OSD µs/op osdfarm", "×",
                     "client µs/op classic", "client µs/op osdfarm", "×",
                     "OSD RSS MiB classic (before→after)", "OSD RSS MiB osdfarm (before→after)",
                     "threads/OSD classic", "threads/OSD osdfarm", "×"], res_rows)
        md.append("")
        errs = ["- %s %s: %s" % (sides[s]["name"], w["label"], w["error"])
                for s in SIDES for w in sides[s]["workloads"] if w.get("error")]
        if errs:
            md.append("Failed workloads:")
            md += errs
            md.append("")

    md.append("## Targets (osdfarm)")
    md.append("")
    targets = check_targets(sides, recs)
    for name, v in targets:
        val = v["value"]
        shown = "" if val is None else " (measured %s)" % (
            fmt_ratio(val) if "×" in name else fmt(val))
        md.append("- %s: **%s**%s" % (name, v["text"], shown))
    md.append("")

    png, why = chart(d, order, recs, sides, title)
    md.append("Chart: %s" % ("chart.png" if png else why))
    md.append("")

    text = "\n".join(md)
    with open(os.path.join(d, "results.md"), "w") as f:
        f.write(text)
    result = {
        "title": title,
        "quick": bool(a.quick),
        "elapsed_s": a.elapsed,
        "auth": auth["auth"],
        "client_mode": auth["client_mode"],
        "sides": {NAMES[s]: sides[s] for s in SIDES},
        "cluster": cdata,
        "rows": rows_json,
        "targets": [{"target": n, **v} for n, v in targets],
        "chart": "chart.png" if png else None,
    }
    with open(os.path.join(d, "results.json"), "w") as f:
        json.dump(result, f, indent=1)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
