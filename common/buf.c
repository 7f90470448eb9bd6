/* common/buf.c — placeholder until this piece lands. */
#include "config.h"
