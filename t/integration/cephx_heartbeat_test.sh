#!/usr/bin/env bash
# t/integration/cephx_heartbeat_test.sh — heartbeat_test.sh unchanged in a
# cephx lab: 2 classic + 2 osdfarm OSDs authenticate their heartbeat
# sessions to each other with cephx authorizers (rotating osd secrets).
. "${top_srcdir:-$(dirname "$0")/../..}/t/integration/lib.sh"
lab_require
OSDFARM_LAB_AUTH=cephx exec bash "$top_srcdir/t/integration/heartbeat_test.sh"
