# supervisor: osdfarm, the process that runs one osdfarm-osd per core.
# The mechanics live in a library so t/supervisor/ tests them without main().
noinst_LIBRARIES += supervisor/libsup.a
supervisor_libsup_a_SOURCES = \
	supervisor/sup.c supervisor/sup.h supervisor/sup_int.h \
	supervisor/sup_policy.c supervisor/sup_policy.h \
	supervisor/sup_plan.c supervisor/sup_plan.h \
	supervisor/sup_affinity.c supervisor/sup_affinity.h \
	supervisor/sup_signal.c supervisor/sup_notify.c \
	supervisor/sup_status.c supervisor/sup_status.h
SUP_LIBS = supervisor/libsup.a $(COMMON_LIBS)

sbin_PROGRAMS += osdfarm
osdfarm_SOURCES = supervisor/main.c
osdfarm_CPPFLAGS = $(AM_CPPFLAGS) -DSBINDIR='"$(sbindir)"'
osdfarm_LDADD = $(SUP_LIBS)
