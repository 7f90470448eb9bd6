/* common/crc32c.c — placeholder until this piece lands. */
#include "config.h"
