# t/integration: shell tests against real Ceph daemons started by tools/lab.
# They source t/integration/lib.sh; without Ceph they skip (77), and with
# OSDFARM_REQUIRE_CEPH=1 (CI) they fail instead.
EXTRA_DIST += t/integration/lib.sh

TESTS += t/integration/lab_test.sh t/integration/lab_classic_test.sh
EXTRA_DIST += t/integration/lab_test.sh t/integration/lab_classic_test.sh
# msgconn: msgr2 connections against a real ceph-mon (client) and a real ceph CLI (server).
TESTS += t/integration/msgr2_mon_test.sh t/integration/msgr2_server_test.sh \
	t/integration/msgr2_osd_lossless_test.sh
EXTRA_DIST += t/integration/msgr2_mon_test.sh t/integration/msgr2_server_test.sh \
	t/integration/msgr2_osd_lossless_test.sh
# sup: the osdfarm supervisor running osdfarm-osd children against a real mon.
TESTS += t/integration/supervisor_test.sh
EXTRA_DIST += t/integration/supervisor_test.sh
# boot: osdfarm-osd processes join a real cluster (mkfs, boot, mon restart, pools, SIGTERM).
TESTS += t/integration/boot_test.sh
EXTRA_DIST += t/integration/boot_test.sh
# cephx: cephx authentication and secure mode against a real ceph-mon.
TESTS += t/integration/cephx_mon_test.sh
EXTRA_DIST += t/integration/cephx_mon_test.sh
# cephx2: osdfarm-osd with cephx (mkfs keys, rotating secrets, crc/secure clients, caps, renewal).
TESTS += t/integration/cephx_osd_test.sh
EXTRA_DIST += t/integration/cephx_osd_test.sh
# admin socket: the real ceph CLI and collectd-style clients against t/common/asok_peer.
TESTS += t/integration/asok_test.sh
EXTRA_DIST += t/integration/asok_test.sh
# hb: heartbeats in a mixed cluster (2 classic + 2 osdfarm): stay up, kills, hangs, osd down.
TESTS += t/integration/heartbeat_test.sh
EXTRA_DIST += t/integration/heartbeat_test.sh
# admin socket of osdfarm-osd: `ceph daemon osd.N status / perf dump / config set` in a lab.
TESTS += t/integration/osd_asok_test.sh
EXTRA_DIST += t/integration/osd_asok_test.sh
# bench: smoke test of the benchmark harness (report.py offline, then
# bench/compare --quick --classic-only with one OSD).
TESTS += t/integration/bench_smoke_test.sh
EXTRA_DIST += t/integration/bench_smoke_test.sh
# mgr: osdfarm OSDs report to a real ceph-mgr (ceph -s / df / osd df / pg dump).
TESTS += t/integration/mgr_test.sh
EXTRA_DIST += t/integration/mgr_test.sh
# io: real rados clients (CLI, bench, python3-rados, fio) through osdfarm-osd.
TESTS += t/integration/rados_test.sh t/integration/rados_bench_test.sh \
	t/integration/python_rados_test.sh t/integration/fio_test.sh
EXTRA_DIST += t/integration/io_lib.sh t/integration/rados_test.sh \
	t/integration/rados_bench_test.sh t/integration/python_rados_test.sh \
	t/integration/python_rados_test.py t/integration/fio_test.sh
# cephx io: the io tests above unchanged in a cephx lab, clients in crc / in
# secure mode only, the farm started by the supervisor (cephx_io_lib.sh).
TESTS += t/integration/cephx_io_crc_test.sh t/integration/cephx_io_secure_test.sh
EXTRA_DIST += t/integration/cephx_io_lib.sh t/integration/cephx_io_crc_test.sh \
	t/integration/cephx_io_secure_test.sh
# cephx hb: the heartbeat test unchanged in a cephx lab.
TESTS += t/integration/cephx_heartbeat_test.sh
EXTRA_DIST += t/integration/cephx_heartbeat_test.sh
# monhunt: 3 monitors; osdfarm OSDs hunt to another mon when theirs stops
# (SIGTERM, SIGKILL), stay up, and follow a monmap change (ceph mon remove).
TESTS += t/integration/mon_hunt_test.sh
EXTRA_DIST += t/integration/mon_hunt_test.sh
# optrack: dump_ops_in_flight / dump_historic_ops / dump_blocked_ops of osdfarm-osd with real rados clients.
TESTS += t/integration/op_tracker_test.sh
EXTRA_DIST += t/integration/op_tracker_test.sh
