/*
 * thp.c — re-exec with glibc's huge-page heap turned on (common/thp.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/thp.h"

#define THP_TUNABLE "glibc.malloc.hugetlb=1"

/* The kernel hands out huge pages for madvise'd memory ("always" or "madvise"). */
static int
thp_available(void)
{
	char mode[128];
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
	int ok = 0;

	if (!f)
		return 0;
	if (fgets(mode, sizeof(mode), f))
		ok = strstr(mode, "[always]") || strstr(mode, "[madvise]");
	fclose(f);
	return ok;
}

void
thp_heap_reexec(char **argv)
{
	const char *cur = getenv("GLIBC_TUNABLES");
	const char *pre = getenv("LD_PRELOAD");
	const char *off = getenv("OSDFARM_THP");
	char *val;
	size_t n;

	if ((cur && strstr(cur, "glibc.malloc.hugetlb")) || (off && strcmp(off, "0") == 0))
		return;
	if (pre && strstr(pre, "vgpreload"))    /* valgrind: keep it in charge */
		return;
	if (!thp_available())
		return;
	n = (cur ? strlen(cur) + 1 : 0) + sizeof(THP_TUNABLE);
	if (!(val = malloc(n)))
		return;
	snprintf(val, n, "%s%s%s", cur ? cur : "", cur ? ":" : "", THP_TUNABLE);
	if (setenv("GLIBC_TUNABLES", val, 1) == 0)
		execv("/proc/self/exe", argv);
	/* exec failed: carry on with 4 KiB pages, the tunable is still set
	 * so a child we start would not loop */
	free(val);
}
