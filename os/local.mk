# os/: the object store interface and the in-memory store behind it.
noinst_LIBRARIES += os/libos.a
os_libos_a_SOURCES = \
	os/store.h \
	os/txn.c os/txn.h \
	os/hobject_order.c os/hobject_order.h \
	os/memstore.c os/memstore.h os/memstore_int.h \
	os/memstore_txn.c \
	os/memstore_obj.c \
	os/memstore_read.c
