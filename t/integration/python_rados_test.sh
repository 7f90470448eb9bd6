#!/usr/bin/env bash
# t/integration/python_rados_test.sh — python3-rados (librados) through two
# osdfarm-osd processes; the checks are in python_rados_test.py (data, xattrs,
# omap, listing with namespaces, aio, an object-class call → EPERM).
. "${top_srcdir:-$(dirname "$0")/../..}/t/integration/lib.sh"
. "$top_srcdir/t/integration/io_lib.sh"
set -euo pipefail

PY=/usr/bin/python3
lab_require
"$PY" -c 'import rados' 2>/dev/null || {
	[ "${OSDFARM_REQUIRE_CEPH:-0}" = 1 ] && fail "python3-rados missing for $PY"
	echo "SKIP: python3-rados missing for $PY"
	exit 77
}
lab_start
io_start_osds 2
io_pool py 8
timeout -k 5 120 "$PY" "$top_srcdir/t/integration/python_rados_test.py" "$CEPH_CONF" py ||
	fail "python_rados_test.py failed"
io_check_alive
ok "all OSDs still running"
