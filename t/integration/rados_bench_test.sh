#!/usr/bin/env bash
# t/integration/rados_bench_test.sh — `rados bench` through three
# osdfarm-osd processes: write, seq and rand with 4 KiB and with 4 MiB
# objects (2 s each, 16 in flight), then cleanup. Every phase must exit 0,
# report no errors and a non-zero average IOPS; afterwards the pool is
# empty. The IOPS seen are printed.
. "${top_srcdir:-$(dirname "$0")/../..}/t/integration/lib.sh"
. "$top_srcdir/t/integration/io_lib.sh"
set -euo pipefail

lab_require
command -v rados >/dev/null || fail "rados CLI missing (ceph-common)"
lab_start
io_start_osds 3
io_pool bench 8
B=$LAB_DIR/bench
mkdir -p "$B"

# bench PHASE SIZE: one rados bench phase; prints its average IOPS
bench() {
	local phase=$1 size=$2 out=$B/$1-$2.out iops
	case $phase in
	write) timeout -k 5 60 rados -p bench bench 2 write -b "$size" -t 16 --no-cleanup \
		>"$out" 2>&1 || { cat "$out" >&2; fail "bench write $size exited non-zero"; } ;;
	*) timeout -k 5 60 rados -p bench bench 2 "$phase" -t 16 >"$out" 2>&1 ||
		{ cat "$out" >&2; fail "bench $phase ($size) exited non-zero"; } ;;
	esac
	grep -Eiq 'error|failed|must write data before' "$out" &&
		{ cat "$out" >&2; fail "bench $phase $size reported an error"; }
	iops=$(sed -n 's/^Average IOPS: *\([0-9]*\).*/\1/p' "$out")
	[ -n "$iops" ] && [ "$iops" -gt 0 ] ||
		{ cat "$out" >&2; fail "bench $phase $size: average IOPS '${iops}'"; }
	bw=$(sed -n 's/^Bandwidth (MB\/sec): *\([0-9.]*\).*/\1/p' "$out")
	ok "bench $phase $size: $iops IOPS, $bw MB/s"
}

for size in 4096 4194304; do
	bench write $size
	bench seq $size
	bench rand $size
	timeout -k 5 120 rados -p bench cleanup >"$B/cleanup-$size.out" 2>&1 ||
		{ cat "$B/cleanup-$size.out" >&2; fail "cleanup after $size failed"; }
	left=$(timeout -k 5 60 rados -p bench ls | wc -l)
	[ "$left" = 0 ] || fail "$left objects left after cleanup"
	ok "cleanup: $(sed -n 's/^Removed \([0-9]*\) objects.*/\1/p' "$B/cleanup-$size.out") objects removed, pool empty"
done
io_check_alive
ok "all OSDs still running"
