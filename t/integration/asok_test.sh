#!/usr/bin/env bash
# t/integration/asok_test.sh — the admin socket against the REAL Ceph CLI
# and a collectd-style client: t/common/asok_peer (an event loop with an
# asok and perf counters) is driven with `ceph --admin-daemon PATH ...`.
# Needs only the ceph CLI (no cluster); skips like the other integration
# tests when Ceph is not installed.
. "${top_srcdir:-$(dirname "$0")/../..}/t/integration/lib.sh"

lab_require
command -v ceph >/dev/null 2>&1 || fail "ceph CLI not installed"
PY=/usr/bin/python3
[ -x "$PY" ] || fail "$PY not found"
PEER=$top_builddir/t/common/asok_peer
[ -x "$PEER" ] || fail "$PEER not built (make check builds it)"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/osdfarm-asok.XXXXXX") || fail "mktemp failed"
SOCK=$TMP/ceph-osd.0.asok
PIDS=()

cleanup() {
	local rc=$? p
	trap - EXIT INT TERM
	for p in "${PIDS[@]}"; do
		kill -TERM "$p" 2>/dev/null || true
	done
	for p in "${PIDS[@]}"; do
		wait "$p" 2>/dev/null || true
	done
	if [ $rc -ne 0 ]; then
		for p in "$TMP"/*.log; do
			[ -s "$p" ] && { echo "---- $p" >&2; tail -n 20 "$p" >&2; }
		done
	fi
	rm -rf "$TMP"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_peer() {
	"$PEER" "$SOCK" >"$TMP/peer$1.log" 2>&1 &
	PEER_PID=$!
	PIDS+=("$PEER_PID")
	wait_for "grep -q ready '$TMP/peer$1.log'" 10 || fail "asok_peer did not start"
}

asok() {
	timeout -k 5 20 ceph --admin-daemon "$SOCK" "$@"
}

start_peer 1
[ -S "$SOCK" ] || fail "no socket at $SOCK"

# perf dump: valid JSON, Ceph's shape, counters moving.
asok perf dump >"$TMP/dump.json" || fail "perf dump failed"
"$PY" - "$TMP/dump.json" <<'EOF' || fail "perf dump: unexpected JSON"
import json, sys
d = json.load(open(sys.argv[1]))
osd = d["osd"]
assert osd["op"] > 0, osd
assert set(osd["op_latency"]) == {"avgcount", "sum", "avgtime"}, osd
assert isinstance(osd["op_latency"]["sum"], float)
assert "op_size_hist" not in osd    # histograms only in perf histogram dump
EOF
ok "perf dump (JSON with the osd counters)"
asok perf dump osd op -f json | "$PY" -c 'import json,sys; d=json.load(sys.stdin); assert list(d["osd"]) == ["op"], d' ||
	fail "perf dump osd op"
asok perf schema | "$PY" -c 'import json,sys; d=json.load(sys.stdin); assert d["osd"]["op"]["type"] == 10 and d["osd"]["op"]["nick"] == "ops", d' ||
	fail "perf schema"
asok perf histogram dump | "$PY" -c 'import json,sys; d=json.load(sys.stdin); assert d["osd"]["op_size_hist"]["avgcount"] > 0, d' ||
	fail "perf histogram dump"
ok "perf dump LOGGER COUNTER, perf schema, perf histogram dump"

# config set, applied and read back.
asok config set debug_ms 5 | grep -q '"success"' || fail "config set debug_ms 5"
out=$(asok config get debug_ms) || fail "config get debug_ms"
echo "$out" | "$PY" -c 'import json,sys; d=json.load(sys.stdin); assert d["debug_ms"].split("/")[0] == "5", d' ||
	fail "config get debug_ms after set: $out"
out=$(asok config set debug_ms abc)
case "$out" in
"ERROR: (22) Invalid argument"*"error setting 'debug_ms' to 'abc'"*) ;;
*) fail "config set debug_ms abc: $out" ;;
esac
out=$(asok config get no_such_option)
case "$out" in
"ERROR: (2) No such file or directory"*) ;;
*) fail "config get no_such_option: $out" ;;
esac
ok "config set / get (and Ceph's errors)"

# help, version, status, an unknown command.
asok help | "$PY" -c 'import json,sys; d=json.load(sys.stdin); assert d["perf dump"] and d["status"] and "0" not in d, d' ||
	fail "help"
asok version | "$PY" -c 'import json,sys; d=json.load(sys.stdin); assert d["version"].startswith("16.2.15") and d["release"] == "pacific", d' ||
	fail "version"
asok status | "$PY" -c 'import json,sys; d=json.load(sys.stdin); assert d["state"] == "active", d' ||
	fail "status"
if asok no_such_command >"$TMP/unknown.out" 2>&1; then
	fail "an unknown command succeeded"
fi
grep -q "invalid command" "$TMP/unknown.out" || fail "unknown command: $(cat "$TMP/unknown.out")"
ok "help, version, status, unknown command rejected"

# collectd's exchange: {"prefix": "0"} with '\n' must answer length 1
# (then "2"), followed by schema/dump requests; and the legacy binary ones.
"$PY" - "$SOCK" <<'EOF' || fail "collectd-style requests"
import json, socket, struct, sys
path = sys.argv[1]
def req(data):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(path)
    s.sendall(data)
    n = struct.unpack(">I", s.recv(4, socket.MSG_WAITALL))[0]
    body = b""
    while len(body) < n:
        c = s.recv(n - len(body))
        assert c, "short reply"
        body += c
    assert s.recv(1) == b"", "connection not closed after the reply"
    s.close()
    return n, body
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(10)
s.connect(path)
s.sendall(b'{ "prefix": "0" }\n')
hdr = s.recv(4, socket.MSG_WAITALL)
assert len(hdr) == 4 and struct.unpack(">I", hdr)[0] == 1, hdr
assert s.recv(1) == b"2"
s.close()
assert req(b'\0\0\0\0') == (1, b"2")
schema = json.loads(req(b'{ "prefix": "2" }\n')[1])
assert schema["osd"]["op_latency"]["type"] & 4, schema
dump = json.loads(req(b'{ "prefix": "1" }\n')[1])
assert "avgcount" in dump["osd"]["op_latency"], dump
assert json.loads(req(b'\0\0\0\x01')[1])["osd"]["op"] >= 0
assert json.loads(req(b'\0\0\0\x02')[1])["osd"]["op"]["type"] == 10
assert req(b'\0\0\0\x07')[1].startswith(b"ERROR: (22)")
EOF
ok "collectd-style \"0\" (length 1), \"1\"/\"2\" and legacy binary requests"

# A client that stalls does not block the others; a too-long request is dropped.
"$PY" - "$SOCK" <<'EOF' || fail "stalled / too-long clients"
import socket, subprocess, sys
path = sys.argv[1]
stalled = []
for i in range(3):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.sendall(b'{"prefix":')
    stalled.append(s)
out = subprocess.run(["timeout", "20", "ceph", "--admin-daemon", path, "version"],
                     capture_output=True, check=True).stdout
assert b"pacific" in out, out
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(10)
s.connect(path)
try:
    s.sendall(b"x" * 1100)
    got = s.recv(4)
except ConnectionResetError:
    got = b""
assert got == b"", got
for s in stalled:
    s.close()
EOF
ok "stalled clients do not block the CLI; a too-long request is dropped"

# A second daemon on the same path is refused while the first lives.
if "$PEER" "$SOCK" >"$TMP/peer-dup.log" 2>&1; then
	fail "a second asok_peer bound a live socket"
fi
grep -q "File exists" "$TMP/peer-dup.log" || fail "second peer: $(cat "$TMP/peer-dup.log")"
asok version >/dev/null || fail "the first peer stopped answering"
ok "live socket: a second daemon gets EEXIST"

# A crash leaves a stale socket file: the next daemon replaces it.
kill -KILL "$PEER_PID"
wait "$PEER_PID" 2>/dev/null || true
[ -S "$SOCK" ] || fail "the socket file vanished with SIGKILL (test assumption)"
start_peer 2
asok version >/dev/null || fail "the new peer does not answer on the stale path"
grep -q "removing stale socket" "$TMP/peer2.log" || fail "stale socket not reported"
ok "stale socket replaced"

# A clean stop unlinks the socket.
kill -TERM "$PEER_PID"
wait "$PEER_PID" || fail "asok_peer exited with $?"
[ ! -e "$SOCK" ] || fail "socket file left after a clean stop"
ok "socket unlinked at shutdown"
