# mon: the mon client (session, hunting, subscriptions, commands), the
# MonMap and the client <-> monitor messages.
noinst_LIBRARIES += mon/libmon.a
mon_libmon_a_SOURCES = \
	mon/monmap.c mon/monmap.h \
	mon/mon_msgs.c mon/mon_msgs.h \
	mon/monc.c mon/monc.h \
	mon/monc_auth.c mon/monc_auth.h
