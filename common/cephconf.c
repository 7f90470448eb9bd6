/* common/cephconf.c — placeholder until this piece lands. */
#include "config.h"
