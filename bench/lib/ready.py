#!/usr/bin/python3
"""bench/lib/ready.py — is a pool serving I/O on every one of its PGs?

  /usr/bin/python3 ready.py --conf CEPH_CONF --pool POOL [--timeout S]

Asks the monitor (one client session, `osd map`) for an object name in each
PG of the pool, writes a small object to each and reads it back, then
removes them. Exit 0 when every PG answered within the timeout, 1 otherwise
(with the PGs that did not answer on stderr). Runs with Debian's python3
(the rados module is not in pyenv's).

Used before each benchmark so that PG creation/peering is not measured as
the first workload's latency, and to tell whether the farm serves I/O.
"""

import argparse
import json
import sys
import time

try:
    import rados
except ImportError:
    sys.stderr.write("ready.py: no rados module: run with /usr/bin/python3 "
                     "(apt-get install python3-rados)\n")
    sys.exit(2)


def mon(cluster, **cmd):
    cmd["format"] = "json"
    ret, out, err = cluster.mon_command(json.dumps(cmd), b"", timeout=10)
    if ret != 0:
        raise RuntimeError("mon %s: %s (%d)" % (cmd["prefix"], err, ret))
    return json.loads(out)


def names_per_pg(cluster, pool, pg_num):
    """One object name per PG, found by asking the mon where names map."""
    found = {}
    i = 0
    while len(found) < pg_num and i < 50 * pg_num + 100:
        name = "bench-ready.%d" % i
        i += 1
        pgid = mon(cluster, prefix="osd map", pool=pool, object=name)["pgid"]
        found.setdefault(pgid, name)
    return found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--conf", required=True)
    ap.add_argument("--pool", required=True)
    ap.add_argument("--timeout", type=float, default=60)
    a = ap.parse_args()

    deadline = time.monotonic() + a.timeout
    # A hung OSD must fail the op, not hang the probe.
    left = max(int(a.timeout), 5)
    cluster = rados.Rados(conffile=a.conf, conf={
        "rados_osd_op_timeout": str(left), "rados_mon_op_timeout": "15"})
    cluster.connect(timeout=15)
    try:
        pg_num = mon(cluster, prefix="osd pool get", pool=a.pool,
                     var="pg_num")["pg_num"]
        pgs = names_per_pg(cluster, a.pool, pg_num)
        if len(pgs) < pg_num:
            sys.stderr.write("ready.py: found names for %d of %d PGs\n"
                             % (len(pgs), pg_num))
            return 1
        ioctx = cluster.open_ioctx(a.pool)
        payload = b"ready\n" * 16
        pending = {}
        for pgid, name in sorted(pgs.items()):
            pending[pgid] = ioctx.aio_write_full(name, payload)
        bad = wait_all(pending, deadline)
        if not bad:
            reads = {}
            for pgid, name in sorted(pgs.items()):
                reads[pgid] = ioctx.aio_read(name, len(payload), 0)
            bad = wait_all(reads, deadline)
        if bad:
            sys.stderr.write("ready.py: %d of %d PGs did not answer within %.0fs:"
                             " %s\n" % (len(bad), pg_num, a.timeout,
                                        " ".join(sorted(bad)[:16])))
            return 1
        for name in pgs.values():
            try:
                ioctx.remove_object(name)
            except rados.Error:
                pass
        ioctx.close()
        return 0
    finally:
        cluster.shutdown()


def wait_all(comps, deadline):
    """PG ids whose completion did not succeed before deadline."""
    while time.monotonic() < deadline:
        if all(c.is_complete() for c in comps.values()):
            break
        time.sleep(0.02)
    return [p for p, c in comps.items()
            if not c.is_complete() or c.get_return_value() < 0]


if __name__ == "__main__":
    sys.exit(main())
