/*
 * hobject_order.h — Ceph's sort order of hobject_t, the order in which a PG
 * lists its objects (PGNLS) and in which the store keeps them.
 *
 * Fields are compared in this order (src/common/hobject.h, hobject_t's
 * comparison): max, pool, the bit-reversed hash, nspace, the "effective
 * key" (locator key, or the name when the key is empty) but only when
 * either object has a key, name, snap. Strings compare bytewise (unsigned),
 * a proper prefix first, as std::string does.
 */
#ifndef OSDFARM_OS_HOBJECT_ORDER_H
#define OSDFARM_OS_HOBJECT_ORDER_H

#include <stdint.h>

#include "common/types.h"

/* Bit 0 becomes bit 31 and so on. */
uint32_t hobject_reverse_bits(uint32_t v);

/* <0, 0, >0 like memcmp. */
int hobject_cmp(const struct hobject *a, const struct hobject *b);

/* Byte order of two strings (std::string::compare). */
int hobject_strview_cmp(const struct strview *a, const struct strview *b);

/*
 * The smallest object (hobject_t(): pool INT64_MIN, everything else empty
 * or zero) and the largest (max set): the first and last listing cursors.
 */
void hobject_set_min(struct hobject *h);
void hobject_set_max(struct hobject *h);
int hobject_is_min(const struct hobject *h);
int hobject_is_max(const struct hobject *h);

#endif
