#!/usr/bin/env bash
# Integration test of tools/lab itself: a bare mon comes up on its own port,
# answers with the fsid we wrote, and goes away completely on "down".
. "${top_srcdir:-$(dirname "$0")/../..}/t/integration/lib.sh"
set -euo pipefail
lab_require

# Bad arguments are refused before anything starts.
if bash "$LAB_TOOL" up "${TMPDIR:-/tmp}/osdfarm-lab-never" --port notaport 2>/dev/null; then
	fail "tools/lab accepted --port notaport"
fi
for n in 0 6 x; do
	if bash "$LAB_TOOL" up "${TMPDIR:-/tmp}/osdfarm-lab-never" --mons "$n" 2>/dev/null; then
		fail "tools/lab accepted --mons $n"
	fi
done
[ ! -e "${TMPDIR:-/tmp}/osdfarm-lab-never" ] || fail "refused 'up' still created its DIR"

lab_start

fsid=$(sed -n 's/^fsid = //p' "$LAB_DIR/ceph.conf")
[ -n "$fsid" ] || fail "no fsid in $LAB_DIR/ceph.conf"
[ "$fsid" = "$LAB_FSID" ] || fail "env LAB_FSID $LAB_FSID != ceph.conf fsid $fsid"
[ "$CEPH_CONF" = "$LAB_DIR/ceph.conf" ] || fail "CEPH_CONF is $CEPH_CONF"

status=$(lab_ceph -s) || fail "ceph -s failed"
echo "$status"
grep -q 'health: HEALTH_' <<<"$status" || fail "ceph -s shows no HEALTH"
grep -q "id: *$fsid" <<<"$status" || fail "ceph -s does not show fsid $fsid"
ok "ceph -s answers with HEALTH and fsid $fsid"

mons=$(lab_ceph mon dump 2>/dev/null) || fail "ceph mon dump failed"
echo "$mons"
grep -q "v2:127.0.0.1:$LAB_MON_PORT/0,v1:127.0.0.1:$((LAB_MON_PORT + 1))/0" <<<"$mons" ||
	fail "mon dump does not show our ports $LAB_MON_PORT/$((LAB_MON_PORT + 1))"
ok "mon dump shows v2 port $LAB_MON_PORT and v1 port $((LAB_MON_PORT + 1))"

grep -q ' mon\.a$' "$LAB_DIR/pids" || fail "mon.a not recorded in pids"
[ "$LAB_MONS" = a ] || fail "LAB_MONS is '$LAB_MONS' in a one-mon lab"
[ "$(grep -c ' mon\.' "$LAB_DIR/pids")" = 1 ] || fail "more than one mon in a default lab"
bash "$LAB_TOOL" status "$LAB_DIR" >/dev/null || fail "tools/lab status says not healthy"

# A second lab on the same DIR is refused while the first runs.
if bash "$LAB_TOOL" up "$LAB_DIR" 2>/dev/null; then
	fail "tools/lab up on a running DIR succeeded"
fi

lab_stop || fail "tools/lab down failed"
lab_stop || fail "second tools/lab down failed"

left=""
for d in /proc/[0-9]*; do
	[ "${d#/proc/}" = "$$" ] && continue
	cmd=$(tr '\0' ' ' <"$d/cmdline" 2>/dev/null) || continue
	case "$cmd" in *"$LAB_DIR"*) left="$left ${d#/proc/}($cmd)" ;; esac
done
[ -z "$left" ] || fail "processes left behind:$left"
if bash "$LAB_TOOL" status "$LAB_DIR" >/dev/null 2>&1; then
	fail "tools/lab status after down claims the lab is up"
fi
ok "down left no process with $LAB_DIR in its command line"
