#!/usr/bin/env bash
# Smoke test of the benchmark harness (bench/compare), so that it cannot rot:
# 1. offline: bench/lib/report.py on a made-up pair of result dirs gives the
#    osdfarm/classic ratios and target verdicts those numbers imply;
# 2. a minimal real run: bench/compare --quick --classic-only with one classic
#    OSD and 1 s per workload; every workload has figures, the farm side says
#    n/a, the JSON parses, and no daemon is left behind.
. "${top_srcdir:-$(dirname "$0")/../..}/t/integration/lib.sh"
set -euo pipefail

PY=python3
command -v "$PY" >/dev/null 2>&1 || PY=/usr/bin/python3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/osdfarm-bench-smoke.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# ---- 1. report.py offline
fx=$tmp/fixture
mkdir -p "$fx/classic" "$fx/farm"
for s in classic farm; do
	printf 'nosd\t2\npg_num\t64\nruntime_s\t3\nstatus\tok\nmode\t%s\n' "$s" >"$fx/$s/meta.tsv"
done
rec() { # side label iops cpu_us threads
	printf '{"label": "%s", "kind": "radosbench", "error": null, "ops": 1000, "iops": %s, "bw_mib_s": 1.0, "lat_avg_ms": 2.0, "osd_cpu_us_per_op": %s, "client_cpu_us_per_op": 50.0, "osd_rss_before_mib": 10.0, "osd_rss_after_mib": 12.0, "threads_per_osd": %s}\n' "$2" "$3" "$4" "$5" >>"$fx/$1/workloads.jsonl"
}
rec classic "write 4K t16" 1000 400 46
rec classic "rand 4K t16" 2000 120 46
rec farm "write 4K t16" 4000 20 1
rec farm "rand 4K t16" 8000 4 1
echo '{"nosd": 2, "rss_avg_mib": 36.0, "rss_max_mib": 36.5, "threads_max": 46}' >"$fx/classic/idle.json"
echo '{"nosd": 2, "rss_avg_mib": 3.5, "rss_max_mib": 9.0, "threads_max": 1}' >"$fx/farm/idle.json"
"$PY" "$top_srcdir/bench/lib/report.py" --dir "$fx" >"$tmp/fixture.out" ||
	fail "report.py failed on the fixture"
md=$fx/results.md
grep -q '^| write 4K t16 | 1000 | 4000 | 4.00× |' "$md" || fail "write row/ratio wrong: $(grep 'write 4K' "$md" | head -1)"
grep -q '^| rand 4K t16 | 2000 | 8000 | 4.00× |' "$md" || fail "rand row/ratio wrong"
grep -q 'OSD CPU per 4 KiB read.*\*\*MET\*\*' "$md" || fail "CPU target (4 ≤ 5) not MET"
grep -q '4 KiB read IOPS ≥ 3× classic.*\*\*MET\*\*' "$md" || fail "read target (4× ≥ 3×) not MET"
grep -q '4 KiB write IOPS ≥ 5× classic.*\*\*NOT MET\*\*' "$md" || fail "write target (4× < 5×) not NOT MET"
grep -q 'one thread per OSD process: \*\*MET\*\*' "$md" || fail "thread target not MET"
grep -q 'idle RSS ≤ 8 MiB per OSD process: \*\*NOT MET\*\*' "$md" || fail "RSS target (9 > 8) not NOT MET"
"$PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
r = {x["workload"]: x for x in d["rows"]}
assert abs(r["write 4K t16"]["osd_cpu_us_per_op"]["ratio"] - 0.05) < 1e-9, r
assert [t["met"] for t in d["targets"]] == [True, True, False, True, False], d["targets"]
' "$fx/results.json" || fail "results.json of the fixture is wrong"
# A farm that serves no I/O: n/a cells, never numbers, and "unknown" targets.
printf 'status\tn/a (farm not serving I/O yet)\n' >"$fx/farm/meta.tsv"
: >"$fx/farm/workloads.jsonl"
"$PY" "$top_srcdir/bench/lib/report.py" --dir "$fx" >/dev/null || fail "report.py failed (farm n/a)"
grep -q '^| write 4K t16 | 1000 | n/a | n/a |' "$md" || fail "n/a farm row wrong: $(grep 'write 4K' "$md" | head -1)"
grep -q 'write IOPS.*unknown: n/a (farm not serving I/O yet)' "$md" || fail "target not unknown for n/a farm"
ok "report.py: ratios, n/a rows and target verdicts"

# ---- 2. a minimal real run, classic side only
lab_require
out=$tmp/out
rc=0
TMPDIR=$tmp timeout -k 15 150 "$top_srcdir/bench/compare" --quick --classic-only --osds 1 --pg-num 8 \
	--runtime 1 --out "$out" >"$tmp/compare.out" 2>"$tmp/compare.err" || rc=$?
if [ $rc -ne 0 ]; then
	tail -n 30 "$tmp/compare.err" >&2
	fail "bench/compare exited $rc"
fi
cat "$tmp/compare.out"
for f in results.md results.json classic/workloads.jsonl classic/boot.json classic/idle.json; do
	[ -s "$out/$f" ] || fail "bench/compare did not write $f"
done
"$PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
c = d["sides"]["classic"]
assert c["status"] == "ok", c["status"]
assert d["sides"]["osdfarm"]["status"].startswith("n/a"), d["sides"]["osdfarm"]["status"]
labels = [w["label"] for w in c["workloads"]]
want = ["write 4K t16", "seq 4K t16", "rand 4K t16"]
assert labels[:3] == want, labels
for w in c["workloads"]:
    assert w["error"] is None, (w["label"], w["error"])
    assert w["ops"] > 0 and w["iops"] > 0, w
    assert w["osd_cpu_us_per_op"] > 0 and w["client_cpu_us_per_op"] > 0, w
    assert w["threads_per_osd"] > 1, w  # ceph-osd is multi-threaded
for w in c["workloads"]:
    if w["kind"] == "fio":
        assert w["lat_p99_ms"] is not None, w
assert c["boot"]["booted"] == 1 and c["boot"]["max_s"] > 0, c["boot"]
assert c["idle"]["rss_avg_mib"] > 1, c["idle"]
for r in d["rows"]:
    assert r["iops"]["osdfarm"] is None and r["iops"]["ratio"] is None, r
' "$out/results.json" || fail "results.json of the run is wrong"
grep -q '^| write 4K t16 | [0-9]' "$out/results.md" || fail "no classic write row in results.md"
ok "bench/compare --quick --classic-only: figures for every workload"

# Nothing left running from the run's labs.
if pgrep -f "$tmp/osdfarm-bench" >/dev/null; then
	fail "bench/compare left daemons running"
fi
ok "no daemon left behind"
