#!/usr/bin/env bash
# t/integration/cephx_io_secure_test.sh — rados_test, rados_bench_test and
# python_rados_test in a cephx lab whose clients use msgr2 secure mode only,
# against osdfarm OSDs started by the supervisor (see cephx_io_lib.sh).
. "${top_srcdir:-$(dirname "$0")/../..}/t/integration/lib.sh"
. "$top_srcdir/t/integration/cephx_io_lib.sh"
set -euo pipefail
lab_require
cephx_io_run secure
