#!/usr/bin/env bash
# t/integration/fio_test.sh — fio's rados engine through two osdfarm-osd
# processes: randwrite then randread, 4 KiB blocks, iodepth 16, 2 jobs
# (each writes/reads its own object), 3 s each. fio must exit 0 with no
# job error and non-zero IOPS; the objects it wrote have the expected size.
# Debian's fio 3.33 has the engine; if a fio lacks it the test fails (in
# CI) rather than skip silently.
. "${top_srcdir:-$(dirname "$0")/../..}/t/integration/lib.sh"
. "$top_srcdir/t/integration/io_lib.sh"
set -euo pipefail

PY=/usr/bin/python3
lab_require
command -v fio >/dev/null || fail "fio missing (apt-get install -y fio)"
if ! fio --enghelp 2>/dev/null | grep -qx '[[:space:]]*rados'; then
	[ "${OSDFARM_REQUIRE_CEPH:-0}" = 1 ] && fail "this fio ($(fio --version)) has no rados engine"
	echo "SKIP: this fio ($(fio --version)) has no rados engine"
	exit 77
fi
lab_start
io_start_osds 2
io_pool fio 8
F=$LAB_DIR/fio
mkdir -p "$F"

# run_fio RW: one fio run; prints its IOPS
run_fio() {
	local rw=$1 out=$F/$1.json
	timeout -k 5 60 fio --name=osdfarm --ioengine=rados --clientname=admin \
		--conf="$CEPH_CONF" --pool=fio --rw="$rw" --bs=4k --size=8m --iodepth=16 \
		--numjobs=2 --runtime=3 --time_based --group_reporting \
		--output-format=json --output="$out" >"$F/$rw.stderr" 2>&1 ||
		{ cat "$F/$rw.stderr" "$out" >&2; fail "fio $rw exited non-zero"; }
	"$PY" - "$out" "$rw" <<'PYEOF' || { cat "$out" >&2; fail "fio $rw: bad result"; }
import json, sys
d = json.load(open(sys.argv[1]))
rw = "write" if sys.argv[2] == "randwrite" else "read"
j = d["jobs"][0]
io = j[rw]
ok = j["error"] == 0 and io["iops"] > 0 and io["total_ios"] > 0
print("fio %s: %d IOPS, %d ios, %.1f MB/s, error %d" % (sys.argv[2], io["iops"],
      io["total_ios"], io["bw_bytes"] / 1e6, j["error"]))
sys.exit(0 if ok else 1)
PYEOF
}

run_fio randwrite
ok "randwrite done"
run_fio randread
ok "randread done"
# fio's objects: one per job, named after the job, 8 MiB each
objs=$(timeout -k 5 30 rados -p fio ls | sort | tr '\n' ' ')
[ -n "$objs" ] || fail "no objects in pool fio after the runs"
for o in $objs; do
	size=$(timeout -k 5 30 rados -p fio stat "$o" | sed -n 's/.*, size \([0-9]*\)$/\1/p')
	[ "$size" = $((8 << 20)) ] || fail "fio object $o has size '$size'"
done
ok "fio objects ($objs) hold 8 MiB each"
io_check_alive
ok "all OSDs still running"
