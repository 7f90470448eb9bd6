#!/usr/bin/python3
"""bench/lib/measure.py — run one benchmark client and measure both ends.

Standard library only. Subcommands:

  procs PID...                 JSON snapshot of OSD processes (CPU ticks,
                               RSS, threads) — used for idle figures
  run --kind K --label L --pids PID,... --log F [--timeout S] -- CMD...
                               snapshot the OSD processes, run CMD (its
                               output to F), snapshot again; print one JSON
                               record with the client's own CPU (wait4
                               rusage), the OSDs' CPU (utime+stime from
                               /proc/PID/stat), RSS before/after, threads,
                               and the figures parsed from the tool output
                               (K = radosbench | fio)
  boot --cluster-log F --osd ID:PID ...
                               seconds from each OSD process start to the
                               monitor's "osd.ID ... boot" cluster-log line

Exit status: 0 on success, 1 when the client failed or timed out (the
record is still printed, with "error" set), 2 on bad usage.
"""

import argparse
import datetime
import json
import os
import re
import signal
import sys
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def proc_stat(pid):
    """utime+stime ticks, start time (ticks since boot), RSS bytes, threads."""
    with open("/proc/%d/stat" % pid) as f:
        data = f.read()
    # The command name may hold spaces and parentheses: split after the last ')'.
    rest = data[data.rindex(")") + 2:].split()
    # rest[0] is field 3 (state); utime/stime are fields 14/15, starttime 22.
    utime, stime = int(rest[11]), int(rest[12])
    start = int(rest[19])
    rss = threads = None
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) * 1024
            elif line.startswith("Threads:"):
                threads = int(line.split()[1])
    return {"pid": pid, "cpu_ticks": utime + stime, "start_ticks": start,
            "rss": rss or 0, "threads": threads or 0}


def snapshot(pids):
    out = []
    for pid in pids:
        try:
            out.append(proc_stat(pid))
        except (OSError, ValueError, IndexError):
            out.append({"pid": pid, "gone": True})
    return out


def boot_time():
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("btime "):
                return int(line.split()[1])
    raise RuntimeError("no btime in /proc/stat")


def parse_pids(text):
    pids = []
    for p in text.replace(",", " ").split():
        if not p.isdigit():
            raise SystemExit("measure: bad pid %r" % p)
        pids.append(int(p))
    return pids


# ---- tool output parsers ----

def _num(m):
    return float(m.group(1)) if m else None


def parse_radosbench(text):
    """The summary rados bench prints at the end of write/seq/rand."""
    g = lambda pat: _num(re.search(pat + r"\s*(-?[0-9.eE+-]+)\s*$", text, re.M))
    t = g(r"^Total time run:")
    ops = g(r"^Total (?:writes|reads) made:")
    size = g(r"^(?:Write|Read) size:")
    if t is None or ops is None or t <= 0:
        return None
    lat = g(r"^Average Latency\(s\):")
    lmax = g(r"^Max latency\(s\):")
    return {
        "runtime_s": t,
        "ops": int(ops),
        "iops": ops / t,
        "bw_mib_s": ops * (size or 0) / t / 1048576.0,
        "lat_avg_ms": lat * 1e3 if lat is not None else None,
        "lat_max_ms": lmax * 1e3 if lmax is not None else None,
        # rados bench prints no percentiles.
        "lat_p50_ms": None, "lat_p99_ms": None, "lat_p999_ms": None,
    }


def parse_fio(text):
    """fio --output-format=json: sum the jobs; percentiles of the first job
    that did that direction (the benchmark runs one job per direction)."""
    i = text.find("{")
    if i < 0:
        return None
    try:
        d = json.loads(text[i:])
    except ValueError:
        return None
    ops = 0
    bw = iops = 0.0
    runtime = 0.0
    lat = pct = lmax = None
    for job in d.get("jobs", []):
        for dirn in ("read", "write"):
            j = job.get(dirn) or {}
            n = j.get("total_ios", 0)
            if not n:
                continue
            ops += n
            iops += j.get("iops", 0.0)
            bw += j.get("bw_bytes", j.get("bw", 0) * 1024) / 1048576.0
            runtime = max(runtime, j.get("runtime", 0) / 1000.0)
            if lat is None:
                lat = j.get("lat_ns", {}).get("mean")
                lmax = j.get("lat_ns", {}).get("max")
                pct = j.get("clat_ns", {}).get("percentile", {})
    if not ops:
        return None

    def p(key):
        v = (pct or {}).get(key)
        return v / 1e6 if v is not None else None

    return {
        "runtime_s": runtime, "ops": ops, "iops": iops, "bw_mib_s": bw,
        "lat_avg_ms": lat / 1e6 if lat is not None else None,
        "lat_max_ms": lmax / 1e6 if lmax is not None else None,
        # fio's completion latency percentiles (submission is not included).
        "lat_p50_ms": p("50.000000"), "lat_p99_ms": p("99.000000"),
        "lat_p999_ms": p("99.900000"),
    }


PARSERS = {"radosbench": parse_radosbench, "fio": parse_fio}


# ---- run ----

def run_client(cmd, log, timeout):
    """Run cmd with its output in log; return (status, rusage, error)."""
    with open(log, "wb") as out:
        pid = os.fork()
        if pid == 0:
            try:
                os.setpgid(0, 0)
                os.dup2(out.fileno(), 1)
                os.dup2(out.fileno(), 2)
                devnull = os.open("/dev/null", os.O_RDONLY)
                os.dup2(devnull, 0)
                os.execvp(cmd[0], cmd)
            except OSError as e:
                os.write(2, ("measure: cannot run %s: %s\n" % (cmd[0], e)).encode())
            os._exit(127)
    deadline = time.monotonic() + timeout
    killed = False
    while True:
        wpid, status, ru = os.wait4(pid, os.WNOHANG)
        if wpid == pid:
            break
        if not killed and time.monotonic() > deadline:
            # The whole process group: fio forks its job processes.
            try:
                os.killpg(pid, signal.SIGTERM)
            except OSError:
                pass
            killed = True
            deadline = time.monotonic() + 10
        elif killed and time.monotonic() > deadline:
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.02)
    err = None
    if killed:
        err = "timed out after %ds" % timeout
    elif os.WIFSIGNALED(status):
        err = "killed by signal %d" % os.WTERMSIG(status)
    elif os.WEXITSTATUS(status) != 0:
        err = "exit status %d" % os.WEXITSTATUS(status)
    return ru, err


def sum_field(snap, key):
    return sum(s.get(key, 0) for s in snap if not s.get("gone"))


def cmd_run(a):
    pids = parse_pids(a.pids)
    if a.pids_file:
        with open(a.pids_file) as f:
            pids += parse_pids(f.read())
    if not a.cmd:
        raise SystemExit("measure run: no command")
    cmd = a.cmd[1:] if a.cmd[0] == "--" else a.cmd
    before = snapshot(pids)
    t0 = time.monotonic()
    ru, err = run_client(cmd, a.log, a.timeout)
    wall = time.monotonic() - t0
    after = snapshot(pids)
    with open(a.log, errors="replace") as f:
        text = f.read()
    rec = {"label": a.label, "kind": a.kind, "wall_s": wall, "error": err,
           "cmd": cmd}
    figs = PARSERS[a.kind](text)
    if figs is None and err is None:
        err = rec["error"] = "no results in the %s output (%s)" % (a.kind, a.log)
    rec.update(figs or {})
    gone = [s["pid"] for s in after if s.get("gone")]
    if gone and err is None:
        err = rec["error"] = "OSD process(es) %s exited during the run" % gone
    n = len(pids)
    osd_ticks = sum_field(after, "cpu_ticks") - sum_field(before, "cpu_ticks")
    client_s = ru.ru_utime + ru.ru_stime
    ops = rec.get("ops") or 0
    rec.update({
        "nosd": n,
        "osd_cpu_s": osd_ticks / CLK_TCK,
        "client_cpu_s": client_s,
        "osd_cpu_us_per_op": osd_ticks / CLK_TCK * 1e6 / ops if ops else None,
        "client_cpu_us_per_op": client_s * 1e6 / ops if ops else None,
        "osd_rss_before_mib": sum_field(before, "rss") / n / 1048576.0 if n else None,
        "osd_rss_after_mib": sum_field(after, "rss") / n / 1048576.0 if n else None,
        "threads_per_osd": max((s.get("threads", 0) for s in after), default=None),
    })
    print(json.dumps(rec))
    return 1 if err else 0


def cmd_procs(a):
    pids = parse_pids(" ".join(a.pids))
    snap = snapshot(pids)
    live = [s for s in snap if not s.get("gone")]
    n = len(live)
    print(json.dumps({
        "nosd": n,
        "gone": [s["pid"] for s in snap if s.get("gone")],
        "rss_avg_mib": sum_field(live, "rss") / n / 1048576.0 if n else None,
        "rss_max_mib": max((s["rss"] for s in live), default=0) / 1048576.0,
        "threads_max": max((s["threads"] for s in live), default=None),
        "threads_min": min((s["threads"] for s in live), default=None),
        "procs": snap,
    }))
    return 0


# "2026-11-25T03:16:08.719741+0000 mon.a (mon.0) 21 : cluster [INF] osd.0 [v2:...] boot"
BOOT_RE = re.compile(r"^(\S+) \S+ \(\S+\) \d+ : cluster \[\w+\] osd\.(\d+) .* boot$")


def parse_stamp(s):
    # Ceph writes +0000; fromisoformat in 3.11 takes it, older ones want +00:00.
    s = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", s)
    return datetime.datetime.fromisoformat(s).timestamp()


def cmd_boot(a):
    """Per OSD: monitor's boot stamp minus process start. Also the span from
    the first process start to the last boot."""
    want = {}
    for spec in a.osd:
        osd_id, _, pid = spec.partition(":")
        if not (osd_id.isdigit() and pid.isdigit()):
            raise SystemExit("measure boot: bad --osd %r (want ID:PID)" % spec)
        want[int(osd_id)] = int(pid)
    btime = boot_time()
    starts = {}
    for osd_id, pid in want.items():
        try:
            starts[osd_id] = btime + proc_stat(pid)["start_ticks"] / CLK_TCK
        except (OSError, ValueError, IndexError):
            pass
    if a.start is not None:
        # One launch moment for all (a supervisor that starts them all).
        starts = {i: a.start for i in want}
    deadline = time.monotonic() + a.wait
    boots = {}
    while True:
        boots = {}
        try:
            with open(a.cluster_log, errors="replace") as f:
                for line in f:
                    m = BOOT_RE.match(line.rstrip("\n"))
                    if not m:
                        continue
                    i = int(m.group(2))
                    if i in starts:
                        t = parse_stamp(m.group(1))
                        # The first boot after this process started.
                        if t >= starts[i] - 0.01 and i not in boots:
                            boots[i] = t
        except OSError:
            pass
        if len(boots) == len(want) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    per = {str(i): boots[i] - starts[i] for i in boots if i in starts}
    res = {
        "osds": len(want),
        "booted": len(boots),
        "per_osd_s": per,
        "max_s": max(per.values()) if per else None,
        "span_s": (max(boots.values()) - min(starts.values()))
        if boots and starts and len(boots) == len(want) else None,
    }
    print(json.dumps(res))
    return 0 if len(boots) == len(want) else 1


def main(argv):
    ap = argparse.ArgumentParser(prog="measure.py")
    sub = ap.add_subparsers(dest="sub", required=True)
    r = sub.add_parser("run")
    r.add_argument("--kind", choices=sorted(PARSERS), required=True)
    r.add_argument("--label", required=True)
    r.add_argument("--pids", default="")
    r.add_argument("--pids-file")
    r.add_argument("--log", required=True)
    r.add_argument("--timeout", type=int, default=300)
    r.add_argument("cmd", nargs=argparse.REMAINDER)
    p = sub.add_parser("procs")
    p.add_argument("pids", nargs="*")
    b = sub.add_parser("boot")
    b.add_argument("--cluster-log", required=True)
    b.add_argument("--osd", action="append", default=[])
    b.add_argument("--start", type=float, help="launch time (epoch s) for all")
    b.add_argument("--wait", type=float, default=15)
    a = ap.parse_args(argv)
    return {"run": cmd_run, "procs": cmd_procs, "boot": cmd_boot}[a.sub](a)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
