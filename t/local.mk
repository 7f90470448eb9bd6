# t/: tests mirror the source tree. Each subsystem's tests live in their own
# fragment so that work on one does not touch another's.
include t/common/local.mk
include t/msg/local.mk
include t/mon/local.mk
include t/os/local.mk
include t/osd/local.mk
include t/supervisor/local.mk
include t/integration/local.mk
