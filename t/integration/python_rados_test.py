#!/usr/bin/python3
"""python3-rados through osdfarm-osd (run by python_rados_test.sh).

usage: python_rados_test.py CEPH_CONF POOL

Object data (write, read, write_full, append, trunc, stat, remove), xattrs,
omap (set, get, get by keys, remove keys, clear), listing with namespaces
(one namespace and all of them), the aio calls, and errors: ENOENT,
an object class call (EPERM: no classes here) and a failed compound write
that must leave nothing behind. Exits non-zero on the first failure.
"""
import errno
import os
import sys
import threading

import rados


def check(cond, what):
    if not cond:
        print("FAIL: " + what, file=sys.stderr)
        sys.exit(1)
    print("ok: " + what)


def expect_error(fn, exc, what):
    try:
        fn()
    except exc:
        print("ok: " + what)
        return
    except rados.Error as e:
        print("FAIL: %s: %r instead of %s" % (what, e, exc.__name__), file=sys.stderr)
        sys.exit(1)
    print("FAIL: %s: no error" % what, file=sys.stderr)
    sys.exit(1)


def data_ops(io):
    io.write("d", b"hello world")
    check(io.read("d") == b"hello world", "write then read")
    io.write("d", b"HELLO", 6)
    check(io.read("d") == b"hello HELLO", "write at an offset")
    check(io.read("d", 3, 2) == b"llo", "read length 3 at offset 2")
    check(io.read("d", 100, 50) == b"", "read past the end is empty")
    io.write_full("d", b"full")
    check(io.read("d") == b"full", "write_full replaces")
    io.append("d", b"+more")
    check(io.read("d") == b"full+more", "append")
    io.trunc("d", 4)
    check(io.read("d") == b"full", "trunc down")
    io.trunc("d", 8)
    check(io.read("d") == b"full\0\0\0\0", "trunc up reads zeros")
    size, _ = io.stat("d")
    check(size == 8, "stat size 8")
    io.write("sparse", b"x", 1 << 20)
    check(io.stat("sparse")[0] == (1 << 20) + 1, "write far out: size")
    check(io.read("sparse", 4, 1000) == b"\0" * 4, "the hole reads zeros")
    big = os.urandom(3 << 20)
    io.write_full("big", big)
    check(io.read("big", len(big)) == big, "3 MiB write_full/read identical")
    v1 = io.get_last_version()
    io.append("big", b"z")
    check(io.get_last_version() > v1, "user version grows with writes")
    io.remove_object("d")
    expect_error(lambda: io.stat("d"), rados.ObjectNotFound, "stat after remove: ENOENT")
    expect_error(lambda: io.read("d"), rados.ObjectNotFound, "read after remove: ENOENT")
    expect_error(lambda: io.remove_object("d"), rados.ObjectNotFound, "remove twice: ENOENT")
    io.write_full("empty", b"")
    check(io.stat("empty")[0] == 0 and io.read("empty") == b"", "0-byte object")


def xattr_ops(io):
    io.write_full("x", b"data")
    io.set_xattr("x", "a", b"1")
    io.set_xattr("x", "b", b"\0\1binary")
    check(io.get_xattr("x", "b") == b"\0\1binary", "get_xattr binary value")
    check(dict(io.get_xattrs("x")) == {"a": b"1", "b": b"\0\1binary"}, "get_xattrs")
    io.rm_xattr("x", "a")
    check(dict(io.get_xattrs("x")) == {"b": b"\0\1binary"}, "rm_xattr")
    expect_error(lambda: io.get_xattr("x", "a"), rados.NoData, "get of a removed xattr: ENODATA")
    expect_error(lambda: io.get_xattr("nox", "a"), rados.ObjectNotFound, "xattr of a missing object")


def omap_ops(io):
    with rados.WriteOpCtx() as w:
        io.set_omap(w, ("k1", "k2", "k3"), (b"v1", b"v2", b"v3"))
        w.set_flags(0)
        io.operate_write_op(w, "om")
    with rados.ReadOpCtx() as r:
        it, ret = io.get_omap_vals(r, "", "", 100)
        io.operate_read_op(r, "om")
        check(dict(it) == {"k1": b"v1", "k2": b"v2", "k3": b"v3"}, "omap set/get vals")
    with rados.ReadOpCtx() as r:
        it, ret = io.get_omap_vals(r, "k1", "", 100)
        io.operate_read_op(r, "om")
        check([k for k, _ in it] == ["k2", "k3"], "omap vals after k1")
    with rados.ReadOpCtx() as r:
        it, ret = io.get_omap_vals_by_keys(r, ("k3", "nokey"))
        io.operate_read_op(r, "om")
        check(dict(it) == {"k3": b"v3"}, "omap vals by keys")
    with rados.ReadOpCtx() as r:
        it, ret = io.get_omap_keys(r, "", 2)
        io.operate_read_op(r, "om")
        check([k for k, _ in it] == ["k1", "k2"], "omap keys, max 2")
    with rados.WriteOpCtx() as w:
        io.remove_omap_keys(w, ("k2",))
        io.operate_write_op(w, "om")
    with rados.ReadOpCtx() as r:
        it, ret = io.get_omap_vals(r, "", "", 100)
        io.operate_read_op(r, "om")
        check(sorted(k for k, _ in it) == ["k1", "k3"], "omap remove key")
    with rados.WriteOpCtx() as w:
        io.clear_omap(w)
        io.operate_write_op(w, "om")
    with rados.ReadOpCtx() as r:
        it, ret = io.get_omap_vals(r, "", "", 100)
        io.operate_read_op(r, "om")
        check(list(it) == [], "omap clear")
    # a compound write whose last op fails (exclusive create of an existing
    # object) changes nothing: all or nothing
    io.write_full("atomic", b"before")
    with rados.WriteOpCtx() as w:
        w.write_full(b"after")
        io.set_omap(w, ("x",), (b"y",))
        w.new(rados.LIBRADOS_CREATE_EXCLUSIVE)
        try:
            io.operate_write_op(w, "atomic")
            check(False, "exclusive create of an existing object failed")
        except rados.ObjectExists:
            pass
    check(io.read("atomic") == b"before", "failed compound write left the data alone")
    with rados.ReadOpCtx() as r:
        it, ret = io.get_omap_vals(r, "", "", 100)
        io.operate_read_op(r, "atomic")
        check(list(it) == [], "failed compound write left no omap")


def list_ops(io):
    names = {"": set(), "ns1": set(), "ns2": set()}
    for ns in names:
        io.set_namespace(ns)
        for i in range(12):
            name = "l-%s-%d" % (ns or "default", i)
            io.write_full(name, b"v")
            names[ns].add(name)
    io.set_namespace("ns1")
    check({o.key for o in io.list_objects()} == names["ns1"], "list_objects in ns1")
    io.set_namespace("")
    listed = {o.key for o in io.list_objects() if o.key.startswith("l-")}
    check(listed == names[""], "list_objects in the default namespace")
    io.set_namespace(rados.LIBRADOS_ALL_NSPACES)
    allp = {(o.nspace, o.key) for o in io.list_objects() if o.key.startswith("l-")}
    want = {(ns, k) for ns, ks in names.items() for k in ks}
    check(allp == want, "list_objects in all namespaces (%d objects)" % len(want))
    io.set_namespace("ns2")
    expect_error(lambda: io.read("l-default-0"), rados.ObjectNotFound,
                 "object of the default namespace invisible in ns2")
    io.set_namespace("")


def aio_ops(io, secure):
    n = 64
    done = threading.Semaphore(0)
    errors = []

    def on_done(comp):
        if comp.get_return_value() < 0:
            errors.append(comp.get_return_value())
        done.release()

    comps = [io.aio_write_full("aio-%d" % i, b"payload-%d" % i, oncomplete=on_done)
             for i in range(n)]
    for c in comps:
        c.wait_for_complete()
    for _ in range(n):
        done.acquire()
    check(not errors, "%d aio_write_full completed" % n)
    comps = [io.aio_append("aio-%d" % i, b"+", oncomplete=on_done) for i in range(n)]
    io.aio_flush()
    for _ in range(n):
        done.acquire()
    check(not errors, "aio_append + aio_flush")
    got = {}

    rvs = {}

    def on_read(i):
        def cb(comp, data):
            got[i] = data
            rvs[i] = comp.get_return_value()
            done.release()
        return cb

    comps = [io.aio_read("aio-%d" % i, 100, 0, on_read(i)) for i in range(n)]
    for _ in range(n):
        done.acquire()
    want = [b"payload-%d+" % i for i in range(n)]
    if not secure:
        check(all(got[i] == want[i] for i in range(n)), "aio_read returns what was written")
    else:
        # Pacific's librados (16.2.15) fails every aio_read into the
        # caller's buffer with -ERANGE in secure mode: the decrypted data
        # bufferlist is not contiguous (src/librados/IoCtxImpl.cc,
        # C_aio_Complete::finish). A classic ceph-osd gets the same; the
        # OSD's reply is right (rval 0, the object's length). So: each
        # aio_read completes, with the data or -ERANGE, and the data is
        # compared through a synchronous read.
        check(all(got[i] == want[i] or rvs[i] == -errno.ERANGE for i in range(n)),
              "aio_read completes (secure mode: data or librados' -ERANGE)")
        check(all(io.read("aio-%d" % i, 100) == want[i] for i in range(n)),
              "aio writes read back (synchronously: secure mode)")
    # several writes to one object in flight: applied in order
    comps = [io.aio_append("ordered", b"%03d," % i) for i in range(50)]
    for c in comps:
        c.wait_for_complete()
    check(all(c.get_return_value() == 0 for c in comps), "50 appends to one object in flight")
    check(io.read("ordered", 1000) == b"".join(b"%03d," % i for i in range(50)),
          "50 appends in flight on one object applied in order")
    stat_res = {}

    def on_stat(comp, size, mtime):
        stat_res["size"] = size
        done.release()

    io.aio_stat("aio-0", on_stat)
    done.acquire()
    check(stat_res.get("size") == len(b"payload-0+"), "aio_stat")
    c = io.aio_remove("aio-0")
    c.wait_for_complete()
    check(c.get_return_value() == 0, "aio_remove")
    c = io.aio_read("aio-0", 10, 0, lambda comp, data: None)
    c.wait_for_complete()
    check(c.get_return_value() == -2, "aio_read of a removed object: -ENOENT")


def unsupported_ops(io):
    io.write_full("cls", b"x")
    expect_error(lambda: io.execute("cls", "hello", "say_hello", b""),
                 rados.PermissionError, "execute(hello.say_hello): EPERM (no object classes)")
    check(io.read("cls") == b"x", "the OSD still serves after the class call")


def main():
    conf, pool = sys.argv[1], sys.argv[2]
    cluster = rados.Rados(conffile=conf)
    cluster.conf_set("rados_osd_op_timeout", "30")
    cluster.connect(timeout=30)
    try:
        io = cluster.open_ioctx(pool)
        data_ops(io)
        xattr_ops(io)
        omap_ops(io)
        list_ops(io)
        aio_ops(io, cluster.conf_get("ms_client_mode") == "secure")
        unsupported_ops(io)
        io.close()
    finally:
        cluster.shutdown()
    print("ok: all python3-rados checks passed")


if __name__ == "__main__":
    main()
