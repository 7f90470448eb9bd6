/* common/perf.c — placeholder until this piece lands. */
#include "config.h"
