#!/usr/bin/env bash
# msgr2 server side against a real Pacific client: t/msg/msgr_peer poses as
# mon rank 0; `ceph mon dump` (librados MonClient, auth none) must complete
# the handshake and send MMonGetMap (seq 1) and MMonSubscribe (seq 2), which
# the server decodes and prints. The client then waits in vain for a monmap;
# that is expected, and it is killed.
. "${top_srcdir:-$(dirname "$0")/../..}/t/integration/lib.sh"
set -euo pipefail

peer=$top_builddir/t/msg/msgr_peer
lab_require
[ -x "$peer" ] || fail "$peer not built (make check builds it)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/osdfarm-msgr2srv.XXXXXX") || fail "mktemp"
srv_pid= cli_pid=
cleanup() {
	local rc=$?
	[ -n "$cli_pid" ] && kill -KILL "$cli_pid" 2>/dev/null
	[ -n "$srv_pid" ] && kill -KILL "$srv_pid" 2>/dev/null
	wait 2>/dev/null
	[ $rc -ne 0 ] && [ -f "$tmp/server.out" ] && cat "$tmp/server.out" >&2
	rm -rf "$tmp"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cat >"$tmp/ceph.conf" <<CONF
[global]
auth_client_required = none
auth_cluster_required = none
auth_service_required = none
log_file = $tmp/client.log
CONF

# Port 0: the server picks a free port and prints it.
"$peer" server --bind v2:127.0.0.1:0 --count 2 --timeout 25 -d 1 >"$tmp/server.out" 2>&1 &
srv_pid=$!
wait_for "grep -q '^listening ' '$tmp/server.out'" 10 || fail "server did not listen"
addr=$(sed -n 's/^listening \[\{0,1\}\(v2:[^]/,]*\)\/0.*/\1/p' "$tmp/server.out")
[ -n "$addr" ] || fail "cannot read the server address"
timeout -k 2 20 ceph -c "$tmp/ceph.conf" --mon-host "$addr" --connect-timeout 15 \
	mon dump >"$tmp/client.out" 2>&1 &
cli_pid=$!
if ! wait "$srv_pid"; then
	srv_pid=
	fail "server did not receive two messages"
fi
srv_pid=
kill -KILL "$cli_pid" 2>/dev/null || true
wait "$cli_pid" 2>/dev/null || true
cli_pid=
cat "$tmp/server.out"
grep -q '^accepted client\.' "$tmp/server.out" || fail "no handshake completed"
grep -q '^message type=5 seq=1 ' "$tmp/server.out" || fail "no MMonGetMap seq 1"
grep -q '^message type=15 seq=2 ' "$tmp/server.out" || fail "no MMonSubscribe seq 2"
ok "real ceph client: handshake, MMonGetMap seq 1, MMonSubscribe seq 2"
